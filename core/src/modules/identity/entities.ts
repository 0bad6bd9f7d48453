// Identity's tables: users, their sessions and API tokens, teams, memberships, and the grants of teams
// on projects and environments. Plain id columns, no ORM relations: the queries here are small and explicit.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export interface User {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'disabled' | 'external';
  id: string;
  username: string;
  /** null for users who sign in through an external driver (proxy header). */
  passwordHash: string | null;
  role: 'admin' | 'user';
  disabled: boolean;
  external: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const User = new EntitySchema<User>({
  name: 'User',
  tableName: 'user_account',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    username: { type: 'string' },
    passwordHash: { type: 'text', nullable: true },
    role: { type: 'string' },
    disabled: { type: 'boolean', default: false },
    external: { type: 'boolean', default: false },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    updatedAt: { type: 'Date', onCreate: () => new Date(), onUpdate: () => new Date() },
  },
});

export interface Session {
  [OptionalProps]?: 'createdAt';
  id: string;
  userId: string;
  secretHash: string;
  createdAt: Date;
  expiresAt: Date;
}

export const Session = new EntitySchema<Session>({
  name: 'Session',
  tableName: 'session',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    userId: { type: 'uuid' },
    secretHash: { type: 'string' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    expiresAt: { type: 'Date' },
  },
});

export interface ApiToken {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'revokedAt';
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const ApiToken = new EntitySchema<ApiToken>({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    userId: { type: 'uuid' },
    name: { type: 'string' },
    tokenHash: { type: 'string' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
    lastUsedAt: { type: 'Date', nullable: true },
    revokedAt: { type: 'Date', nullable: true },
  },
});

export interface Team {
  [OptionalProps]?: 'createdAt';
  id: string;
  name: string;
  createdAt: Date;
}

export const Team = new EntitySchema<Team>({
  name: 'Team',
  tableName: 'team',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    name: { type: 'string' },
    createdAt: { type: 'Date', onCreate: () => new Date() },
  },
});

export interface TeamMember {
  teamId: string;
  userId: string;
}

export const TeamMember = new EntitySchema<TeamMember>({
  name: 'TeamMember',
  tableName: 'team_member',
  properties: {
    teamId: { type: 'uuid', primary: true },
    userId: { type: 'uuid', primary: true },
  },
});

export interface Grant {
  id: string;
  teamId: string;
  /** Exactly one of projectId / environmentId is set. */
  projectId: string | null;
  environmentId: string | null;
  access: 'read' | 'full';
}

export const Grant = new EntitySchema<Grant>({
  name: 'Grant',
  tableName: 'access_grant',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => randomUUID() },
    teamId: { type: 'uuid' },
    projectId: { type: 'uuid', nullable: true },
    environmentId: { type: 'uuid', nullable: true },
    access: { type: 'string' },
  },
});

export const identityEntities = [User, Session, ApiToken, Team, TeamMember, Grant];
