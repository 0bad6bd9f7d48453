// The HTTP shapes of identity: users, sign-in, API tokens, teams and grants. Each is the route schema,
// the OpenAPI entry and the TypeScript type at once.
import { Type, type Static } from '@sinclair/typebox';
import { Role, Uuid } from '../../contracts/index.js';

export const Username = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$', description: 'letters, digits and . _ @ + -; case-insensitive' });
export const NewPassword = Type.String({ minLength: 8, maxLength: 1024, writeOnly: true, description: 'at least 8 characters; never returned' });
import { IdParamsWith } from '../route-params.js';
export { IdParams } from '../route-params.js';

export const UserView = Type.Object({
  id: Uuid,
  username: Type.String(),
  role: Role,
  disabled: Type.Boolean(),
  external: Type.Boolean({ description: 'signs in through an external auth driver; has no password' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type UserView = Static<typeof UserView>;

export const TeamRef = Type.Object({ id: Uuid, name: Type.String() });

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 1024, writeOnly: true }) }, { additionalProperties: false });
export const LoginResult = Type.Object({ user: UserView });
export const Me = Type.Object({ user: UserView, teams: Type.Array(TeamRef) });
export const AuthMethods = Type.Object({
  driver: Type.String({ description: 'the auth driver in use, e.g. auth-local or auth-proxy-header' }),
  password: Type.Boolean({ description: 'whether POST /auth/login signs users in with a password; false when a proxy or another driver does' }),
});

export const CreateUser = Type.Object({ username: Username, password: NewPassword, role: Role }, { additionalProperties: false });
export const UpdateUser = Type.Object({ password: Type.Optional(NewPassword), role: Type.Optional(Role), disabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false });

export const CreateToken = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const TokenView = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const CreatedToken = Type.Object({ id: Uuid, name: Type.String(), token: Type.String({ description: 'shown once: store it now' }), createdAt: Type.String({ format: 'date-time' }) });

export const TeamName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const TeamBody = Type.Object({ name: TeamName }, { additionalProperties: false });
export const TeamView = Type.Object({ id: Uuid, name: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
export const TeamDetail = Type.Composite([TeamView, Type.Object({ members: Type.Array(Type.Object({ id: Uuid, username: Type.String() })) })]);
export const AddMember = Type.Object({ userId: Uuid }, { additionalProperties: false });
export const MemberParams = IdParamsWith({ userId: Uuid });

export const AccessLevel = Type.Union([Type.Literal('read'), Type.Literal('full')]);
export const GrantBody = Type.Object({ access: AccessLevel }, { additionalProperties: false });
export const GrantView = Type.Object({ teamId: Uuid, team: TeamRef, access: AccessLevel });
export const GrantParams = IdParamsWith({ teamId: Uuid });
