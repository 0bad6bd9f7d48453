// The ingress feed (docs/agent-protocol.md, "Ingress feed") and the ingress driver port: the control plane hands
// the driver the full, versioned route table on every change.
import { Type, type Static } from '@sinclair/typebox';
import { checkContract } from './validate.js';

export const RouteState = Type.Union([Type.Literal('ready'), Type.Literal('deploying'), Type.Literal('offline')]);
export type RouteState = Static<typeof RouteState>;

export const Route = Type.Object({
  host: Type.String({ description: '<service step id>.<deployment>.<environment>.<base domain>, lower case' }),
  state: RouteState,
  upstreams: Type.Array(Type.Object({ address: Type.String(), port: Type.Integer({ minimum: 1, maximum: 65535 }) })),
  deployment: Type.Object({ id: Type.String(), name: Type.String() }),
  tls: Type.Optional(Type.Object({ environment: Type.String(), baseDomain: Type.String() })),
});
export type Route = Static<typeof Route>;

export const RouteTable = Type.Object({
  version: Type.Integer({ minimum: 0 }),
  routes: Type.Array(Route),
});
export type RouteTable = Static<typeof RouteTable>;

/** Frames on `/api/v1/ingress/feed`: the control plane sends `routes`; the ingress may answer `applied`. */
export const IngressFeedFrame = Type.Union([
  Type.Object({ type: Type.Literal('routes'), table: RouteTable }),
  Type.Object({ type: Type.Literal('applied'), version: Type.Integer(), error: Type.Optional(Type.String()) }),
]);
export type IngressFeedFrame = Static<typeof IngressFeedFrame>;

export const INGRESS_FEED_PATH = '/api/v1/ingress/feed';

/** One feed frame from raw text, checked against IngressFeedFrame; undefined when it is not one. */
export function parseIngressFeedFrame(text: string): IngressFeedFrame | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return undefined;
  }
  const checked = checkContract(IngressFeedFrame, frame);
  return checked.ok ? checked.value : undefined;
}

/** What an ingress driver reports about the last table it was handed. */
export interface IngressStatus {
  driver: string;
  appliedVersion: number | null;
  lastError?: string;
}

/** The ingress port: a driver (Fastify plugin) decorates the app with one of these as `app.ingress`. */
export interface IngressPort {
  readonly name: string;
  /** Apply a full table. Must not drop traffic for hosts that did not change. */
  apply(table: RouteTable): Promise<void>;
  status(): IngressStatus;
}
