// The driver ports other than ingress: auth and placement checks. Drivers are Fastify plugins that
// fill these; core's domain code only ever calls the port (`app.auth`, `app.placement`).
import { Type, type Static } from '@sinclair/typebox';
import { Resources } from './common.js';

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('user')]);
export type Role = Static<typeof Role>;

/** Who is calling, as the auth driver established it. */
export const Principal = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  role: Role,
  teamIds: Type.Array(Type.String()),
  via: Type.Union([Type.Literal('session'), Type.Literal('token'), Type.Literal('proxy')]),
  sessionId: Type.Optional(Type.String()),
  tokenId: Type.Optional(Type.String()),
});
export type Principal = Static<typeof Principal>;

/** A user as the identity directory knows them: what a Principal is made of, minus how they came in. */
export const IdentityUser = Type.Omit(Principal, ['via', 'sessionId', 'tokenId']);
export type IdentityUser = Static<typeof IdentityUser>;

/** The cookie that carries a browser session; the auth driver reads it, core sets and clears it. */
export const SESSION_COOKIE = 'nullops_session';

/** The request facts an auth driver may look at; no framework types cross the port. */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string | undefined>;
  remoteAddress: string;
}

/** Credentials were presented but must be refused with a specific code (e.g. a revoked API token). */
export interface AuthRejection {
  rejected: 'TOKEN_REVOKED' | 'UNAUTHENTICATED';
  message: string;
}

/** What `authenticate` finds: who is calling, a refusal to report, or nothing (no credentials at all). */
export type AuthOutcome = Principal | AuthRejection | null;

export function isAuthRejection(outcome: AuthOutcome): outcome is AuthRejection {
  return outcome !== null && 'rejected' in outcome;
}

/** A successful password sign-in: who, and the session secret core puts in the SESSION_COOKIE. */
export interface LoginSuccess {
  principal: Principal;
  session: { secret: string; expiresAt: string };
}

export interface AuthPort {
  readonly name: string;
  /** Who the request is from, a refusal (revoked token), or null when it carries no credentials. */
  authenticate(request: AuthRequest): Promise<AuthOutcome>;
  /** Whether users sign in with a password here (`POST /auth/login`); proxy-header auth does not. */
  readonly passwordLogin: boolean;
  /** Password sign-in; null for bad credentials. Present when `passwordLogin` is true. */
  login?(username: string, password: string): Promise<LoginSuccess | null>;
  /** Ends what `login` started (the session); called by `POST /auth/logout`. */
  logout?(principal: Principal): Promise<void>;
}

/** A user the auth driver learned about from outside (a proxy header); created on first sight. */
export interface ExternalUser {
  username: string;
  /** Team names; when given, the user's memberships are made exactly these (teams created on first sight). */
  teamNames?: string[];
  /** When given, the user's role follows it (e.g. from an admin group). */
  role?: Role;
}

/**
 * What core's identity module offers auth drivers (`app.identity`). Drivers never touch the database:
 * they ask here. Every answer reflects the current state, so a disabled user or an ended session stops
 * working on the next request.
 */
export interface IdentityDirectory {
  /** The user when the password matches and the user is enabled; null otherwise, after the same hashing work. */
  verifyPassword(username: string, password: string): Promise<IdentityUser | null>;
  /** Starts a server-side session; the secret goes to the client once and is stored hashed. */
  startSession(userId: string): Promise<{ sessionId: string; secret: string; expiresAt: string }>;
  verifySession(secret: string): Promise<Principal | null>;
  endSession(sessionId: string): Promise<void>;
  /** A Principal for a valid personal API token, a TOKEN_REVOKED rejection, or null for an unknown one. */
  verifyApiToken(token: string): Promise<Principal | AuthRejection | null>;
  /** Finds or creates an externally authenticated user (no password) and syncs teams/role; null when disabled. */
  ensureExternalUser(user: ExternalUser): Promise<Principal | null>;
}

/** A node as placement checks see it: plain data taken from the database and the latest heartbeat. */
export const PlacementNode = Type.Object({
  id: Type.String(),
  name: Type.String(),
  labels: Type.Record(Type.String(), Type.String()),
  capacity: Type.Object({ cpu: Type.Number(), memoryMb: Type.Number() }),
  allocated: Type.Object({ cpu: Type.Number(), memoryMb: Type.Number() }),
  usage: Type.Object({ cpuPercent: Type.Number(), memoryMb: Type.Number() }),
});
export type PlacementNode = Static<typeof PlacementNode>;

export const PlacementRequest = Type.Object({
  resources: Resources,
  nodeSelector: Type.Record(Type.String(), Type.String()),
});
export type PlacementRequest = Static<typeof PlacementRequest>;

export const Shortfall = Type.Object({
  check: Type.String(),
  resource: Type.String(),
  needed: Type.Union([Type.Number(), Type.String()]),
  available: Type.Union([Type.Number(), Type.String()]),
  message: Type.String(),
});
export type Shortfall = Static<typeof Shortfall>;

export type PlacementVerdict = { fits: true; score: number } | { fits: false; shortfalls: Shortfall[] };

/** One placement check; the placement port runs every configured check over every candidate node. */
export interface PlacementCheck {
  readonly name: string;
  check(request: PlacementRequest, node: PlacementNode): PlacementVerdict;
}

export interface PlacementPort {
  readonly checks: readonly PlacementCheck[];
  register(check: PlacementCheck): void;
}
