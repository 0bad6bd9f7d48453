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

/** The request facts an auth driver may look at; no framework types cross the port. */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string | undefined>;
  remoteAddress: string;
}

export interface AuthPort {
  readonly name: string;
  /** Who the request is from, or null when it carries no valid credentials. */
  authenticate(request: AuthRequest): Promise<Principal | null>;
  /** Whether users sign in with a password here (`POST /auth/login`); proxy-header auth does not. */
  readonly passwordLogin: boolean;
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
