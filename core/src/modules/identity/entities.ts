// Identity's tables: users, their sessions and API tokens, teams, memberships, and the grants of teams
// on projects and environments. Plain id columns, no ORM relations: the queries here are small and explicit.
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { type EntityBase, type WithCreated, type WithId, createdColumn, idColumn, updatedColumn } from '../../db/entity-base.js';

export interface User extends EntityBase {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'disabled' | 'external';
  username: string;
  /** null for users who sign in through an external driver (proxy header). */
  passwordHash: string | null;
  role: 'admin' | 'user';
  disabled: boolean;
  external: boolean;
}

export const User = new EntitySchema<User>({
  name: 'User',
  tableName: 'user_account',
  properties: {
    ...idColumn,
    username: { type: 'string' },
    passwordHash: { type: 'text', nullable: true },
    role: { type: 'string' },
    disabled: { type: 'boolean', default: false },
    external: { type: 'boolean', default: false },
    ...createdColumn,
    ...updatedColumn,
  },
});

export interface Session extends WithCreated {
  [OptionalProps]?: 'createdAt';
  userId: string;
  secretHash: string;
  expiresAt: Date;
}

export const Session = new EntitySchema<Session>({
  name: 'Session',
  tableName: 'session',
  properties: {
    ...idColumn,
    userId: { type: 'uuid' },
    secretHash: { type: 'string' },
    ...createdColumn,
    expiresAt: { type: 'Date' },
  },
});

export interface ApiToken extends WithCreated {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'revokedAt';
  userId: string;
  name: string;
  tokenHash: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const ApiToken = new EntitySchema<ApiToken>({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    ...idColumn,
    userId: { type: 'uuid' },
    name: { type: 'string' },
    tokenHash: { type: 'string' },
    ...createdColumn,
    lastUsedAt: { type: 'Date', nullable: true },
    revokedAt: { type: 'Date', nullable: true },
  },
});

export interface Team extends WithCreated {
  [OptionalProps]?: 'createdAt';
  name: string;
}

export const Team = new EntitySchema<Team>({
  name: 'Team',
  tableName: 'team',
  properties: {
    ...idColumn,
    name: { type: 'string' },
    ...createdColumn,
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

export interface Grant extends WithId {
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
    ...idColumn,
    teamId: { type: 'uuid' },
    projectId: { type: 'uuid', nullable: true },
    environmentId: { type: 'uuid', nullable: true },
    access: { type: 'string' },
  },
});

export const identityEntities = [User, Session, ApiToken, Team, TeamMember, Grant];
