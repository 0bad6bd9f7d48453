// The control plane ↔ agent protocol (docs/agent-protocol.md): the frame envelope and every message payload.
// Both sides validate every frame against these schemas.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ErrorInfo, PullAuth } from './common.js';
import { Plan, PlanManifest } from './plan.js';

export const PROTOCOL_VERSION = 1;
export const AGENT_WS_PATH = '/agent/v1';
/** Close code for a protocol version mismatch. */
export const CLOSE_INCOMPATIBLE = 4001;

export const DeploymentStatusOnAgent = Type.Union([Type.Literal('deploying'), Type.Literal('running'), Type.Literal('failed'), Type.Literal('deleted')]);
export const Health = Type.Union([Type.Literal('starting'), Type.Literal('healthy'), Type.Literal('unhealthy'), Type.Literal('none')]);
export type Health = Static<typeof Health>;
export const ContainerStatus = Type.String({ description: 'created | running | restarting | exited | missing …' });

export const FirewallStatus = Type.Union([Type.Literal('active'), Type.Literal('unavailable'), Type.Literal('disabled')]);
/** The agent's isolation firewall (PROTOCOL.md, "Publishing"), as it reports it in `hello`. */
export const FirewallState = Type.Object(
  {
    status: FirewallStatus,
    message: Type.Optional(Type.String()),
  },
  {
    description:
      'The isolation firewall of the node\'s agent. active: its DOCKER-USER rules are installed for every deployment; unavailable: iptables could not be used, so deployments that publish ports are refused (FIREWALL_UNAVAILABLE); disabled: the operator set AGENT_INSECURE_NO_FIREWALL=1 and deployments run WITHOUT isolation.',
  },
);
export type FirewallState = Static<typeof FirewallState>;

export const Hello = Type.Object({
  agentVersion: Type.String(),
  protocolVersion: Type.Integer(),
  nodeId: Type.Optional(Type.String()),
  runtime: Type.Literal('docker'),
  publishAddress: Type.String(),
  capacity: Type.Object({ cpu: Type.Number(), memoryMb: Type.Number(), diskMb: Type.Number() }),
  labels: Type.Record(Type.String(), Type.String()),
  deployments: Type.Array(Type.Object({ id: Type.String(), generation: Type.Integer(), status: DeploymentStatusOnAgent })),
  firewall: Type.Optional(FirewallState),
});
export type Hello = Static<typeof Hello>;

export const SyncPlugin = Type.Object({
  name: Type.String(),
  version: Type.String(),
  image: Type.String(),
  digest: Type.String(),
  pullAuth: Type.Optional(PullAuth),
});
export const Sync = Type.Object({
  seq: Type.Integer(),
  nodeId: Type.String(),
  deployments: Type.Array(
    Type.Object({
      id: Type.String(),
      generation: Type.Integer(),
      desired: Type.Union([Type.Literal('running'), Type.Literal('absent')]),
      masks: Type.Array(Type.String()),
    }),
  ),
  plugins: Type.Array(SyncPlugin),
});
export type Sync = Static<typeof Sync>;

export const Deploy = Type.Object({ seq: Type.Integer(), plan: Plan });
export type Deploy = Static<typeof Deploy>;

export const RollbackCall = Type.Object({
  stepId: Type.String(),
  image: Type.String(),
  pullAuth: Type.Optional(PullAuth),
  manifest: PlanManifest,
  params: Type.Record(Type.String(), Type.Unknown()),
  outputs: Type.Record(Type.String(), Type.Unknown()),
});
export type RollbackCall = Static<typeof RollbackCall>;

export const DestroyReason = Type.Union([Type.Literal('deleted'), Type.Literal('cancelled'), Type.Literal('expired'), Type.Literal('rollback')]);
export const Destroy = Type.Object({
  seq: Type.Integer(),
  deploymentId: Type.String(),
  generation: Type.Integer(),
  reason: DestroyReason,
  gracefulStopSeconds: Type.Integer({ minimum: 0 }),
  masks: Type.Array(Type.String()),
  rollbacks: Type.Array(RollbackCall),
});
export type Destroy = Static<typeof Destroy>;

export const LogsSubscribe = Type.Object({
  subscriptionId: Type.String(),
  deploymentId: Type.String(),
  stepId: Type.String(),
  since: Type.Optional(Type.String()),
  tail: Type.Optional(Type.Integer({ minimum: 0 })),
  follow: Type.Boolean(),
});
export type LogsSubscribe = Static<typeof LogsSubscribe>;
export const LogsUnsubscribe = Type.Object({ subscriptionId: Type.String() });
/** The agent's last word on a subscription: its stream ended (all of `tail` sent without follow, or the container is gone). */
export const LogsEnd = Type.Object({ subscriptionId: Type.String() });

export const LogStream = Type.Union([Type.Literal('stdout'), Type.Literal('stderr')]);
export const Log = Type.Object({
  subscriptionId: Type.Optional(Type.String()),
  deploymentId: Type.String(),
  generation: Type.Integer(),
  stepId: Type.String(),
  stream: LogStream,
  at: Type.String(),
  line: Type.String(),
});
export type Log = Static<typeof Log>;

export const LogArchive = Type.Object({
  deploymentId: Type.String(),
  generation: Type.Integer(),
  stepId: Type.String(),
  lines: Type.Array(Type.String(), { maxItems: 1000 }),
});
export type LogArchive = Static<typeof LogArchive>;

export const ProgressPhase = Type.Union(
  ['pull', 'create', 'start', 'health', 'plugin', 'job', 'rollback', 'destroy'].map((p) => Type.Literal(p)),
);
export type ProgressPhase = 'pull' | 'create' | 'start' | 'health' | 'plugin' | 'job' | 'rollback' | 'destroy';
export const ProgressStatus = Type.Union([Type.Literal('started'), Type.Literal('succeeded'), Type.Literal('failed')]);
export const Progress = Type.Object({
  deploymentId: Type.String(),
  generation: Type.Integer(),
  stepId: Type.Optional(Type.String()),
  phase: ProgressPhase,
  status: ProgressStatus,
  message: Type.Optional(Type.String()),
  at: Type.String(),
});
export type Progress = Static<typeof Progress>;

export const ServiceState = Type.Object({
  stepId: Type.String(),
  status: ContainerStatus,
  health: Health,
  publishedPort: Type.Optional(Type.Integer()),
  restartCount: Type.Integer(),
});
export type ServiceState = Static<typeof ServiceState>;

export const StatusEvent = Type.Object({
  deploymentId: Type.String(),
  generation: Type.Integer(),
  status: DeploymentStatusOnAgent,
  error: Type.Optional(ErrorInfo),
  pendingRollbacks: Type.Optional(Type.Array(Type.String())),
  services: Type.Array(ServiceState),
  outputs: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
});
export type StatusEvent = Static<typeof StatusEvent>;

export const Heartbeat = Type.Object({
  at: Type.String(),
  usage: Type.Object({ cpuPercent: Type.Number(), memoryMb: Type.Number(), diskMb: Type.Number() }),
  services: Type.Array(
    Type.Object({
      deploymentId: Type.String(),
      stepId: Type.String(),
      status: ContainerStatus,
      health: Health,
      publishedPort: Type.Optional(Type.Integer()),
      restartCount: Type.Integer(),
      memoryMb: Type.Number(),
      cpuPercent: Type.Number(),
      uptimeSeconds: Type.Number(),
      lastError: Type.Optional(Type.String()),
    }),
  ),
});
export type Heartbeat = Static<typeof Heartbeat>;

export const StatsRequest = Type.Object({ deploymentId: Type.String() });
export const StatsReply = Type.Object({ services: Type.Array(Type.Object({ stepId: Type.String(), cpuPercent: Type.Number(), memoryMb: Type.Number() })) });
export type StatsReply = Static<typeof StatsReply>;

export const TokenRotate = Type.Object({ newTokenHash: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'hex SHA-256 of the new token' }) });
export const TokenRevoke = Type.Object({});
export const Ping = Type.Object({});
export const Gap = Type.Object({ dropped: Type.Integer({ minimum: 1 }), fromEventSeq: Type.Integer(), toEventSeq: Type.Integer() });

export const ErrorPayload = Type.Object({ code: Type.String(), message: Type.String() });
export type ErrorPayload = Static<typeof ErrorPayload>;

/** Every message type, with who sends it and its payload schema. */
export const MESSAGES = {
  hello: { from: 'agent', kind: 'hello', payload: Hello },
  sync: { from: 'cp', kind: 'request', payload: Sync },
  deploy: { from: 'cp', kind: 'request', payload: Deploy },
  destroy: { from: 'cp', kind: 'request', payload: Destroy },
  'logs.subscribe': { from: 'cp', kind: 'request', payload: LogsSubscribe },
  'logs.unsubscribe': { from: 'cp', kind: 'request', payload: LogsUnsubscribe },
  log: { from: 'agent', kind: 'event', payload: Log },
  'logs.end': { from: 'agent', kind: 'event', payload: LogsEnd },
  'log.archive': { from: 'agent', kind: 'event', payload: LogArchive },
  progress: { from: 'agent', kind: 'event', payload: Progress },
  status: { from: 'agent', kind: 'event', payload: StatusEvent },
  heartbeat: { from: 'agent', kind: 'event', payload: Heartbeat },
  gap: { from: 'agent', kind: 'event', payload: Gap },
  stats: { from: 'cp', kind: 'request', payload: StatsRequest, reply: StatsReply },
  'token.rotate': { from: 'cp', kind: 'request', payload: TokenRotate },
  'token.revoke': { from: 'cp', kind: 'request', payload: TokenRevoke },
  ping: { from: 'both', kind: 'request', payload: Ping },
  ack: { from: 'both', kind: 'reply', payload: Type.Unknown() },
  error: { from: 'both', kind: 'reply', payload: ErrorPayload },
} as const satisfies Record<string, { from: 'agent' | 'cp' | 'both'; kind: string; payload: TSchema; reply?: TSchema }>;
export type MessageType = keyof typeof MESSAGES;
export type PayloadOf<T extends MessageType> = Static<(typeof MESSAGES)[T]['payload']>;
/** What the ack of a request of type `T` carries: its declared `reply` schema, or nothing promised. */
export type ReplyOf<T extends MessageType> = (typeof MESSAGES)[T] extends { reply: infer R extends TSchema } ? Static<R> : unknown;

/** The frame envelope: `{v, type, id?, eventSeq?, payload}`. */
export const Frame = Type.Object({
  v: Type.Literal(PROTOCOL_VERSION),
  type: Type.String(),
  id: Type.Optional(Type.String()),
  eventSeq: Type.Optional(Type.Integer({ minimum: 1 })),
  payload: Type.Unknown(),
});
export type Frame = Static<typeof Frame>;
export type FrameOf<T extends MessageType> = Omit<Frame, 'type' | 'payload'> & { type: T; payload: PayloadOf<T> };
/** One frame of any of the types `T`, as a union discriminated by `type`: `switch (frame.type)` narrows the payload. */
export type FrameUnion<T extends MessageType = MessageType> = { [K in T]: FrameOf<K> }[T];
/** The message types one side receives: those the other side sends, and those both send. */
export type SentBy<Side extends 'agent' | 'cp'> = { [K in MessageType]: (typeof MESSAGES)[K]['from'] extends Side | 'both' ? K : never }[MessageType];
/** The message types of `MESSAGES` that the agent sends unasked (`from: 'agent'`, `kind: 'event'`). */
export type AgentEventType = { [K in MessageType]: (typeof MESSAGES)[K] extends { from: 'agent'; kind: 'event' } ? K : never }[MessageType];
/** An event frame from an agent: progress, status, heartbeat, log, logs.end, log.archive or gap. */
export type AgentEvent = FrameUnion<AgentEventType>;

/**
 * Every protocol error code, in one table: the codes an agent puts in `error` frames and `status.error`,
 * and those the control plane's hub gives a request that never reached an agent or never came back
 * (they end up in a deployment's `error` when a deploy could not be handed over). Add codes here, nowhere else.
 */
export const AgentErrorCode = {
  badMessage: 'BAD_MESSAGE',
  agentRestarted: 'AGENT_RESTARTED',
  staleGeneration: 'STALE_GENERATION',
  unknownDeployment: 'UNKNOWN_DEPLOYMENT',
  imagePullFailed: 'IMAGE_PULL_FAILED',
  containerFailed: 'CONTAINER_FAILED',
  unhealthy: 'SERVICE_UNHEALTHY',
  jobFailed: 'JOB_FAILED',
  jobTimeout: 'JOB_TIMEOUT',
  cancelled: 'CANCELLED',
  /** A `${{ steps.<id>.outputs.<key> }}` in a step's env, command or params has no value at run time. */
  expressionUnresolved: 'EXPRESSION_UNRESOLVED',
  /** The agent could not install its isolation firewall and refuses deployments that publish ports. */
  firewallUnavailable: 'FIREWALL_UNAVAILABLE',
  internal: 'AGENT_INTERNAL',
  /** A `deploy` or `destroy` arrived before the first `sync` gave the agent its node id. */
  notSynced: 'NOT_SYNCED',
  /** A `deploy` whose plan the agent cannot run (it fails the plan's checks). */
  invalidPlan: 'INVALID_PLAN',
  /** `logs.subscribe` or `stats` named a step that has no container. */
  unknownStep: 'UNKNOWN_STEP',
  // The control plane's side: a request that could not be delivered or answered, and what it decides itself.
  /** The node has no connection on this control plane (never dialed, deleted or revoked). */
  nodeUnknown: 'NODE_UNKNOWN',
  /** The node's connection is down, or closed before the agent answered. */
  nodeOffline: 'NODE_OFFLINE',
  /** The agent did not answer a request in time. */
  agentTimeout: 'AGENT_TIMEOUT',
  /** The plan could not be handed to the agent for a reason without a code of its own. */
  deployFailed: 'DEPLOY_FAILED',
  /** After a reconnect the agent no longer has a deployment it should run (it lost its state). */
  agentLostDeployment: 'AGENT_LOST_DEPLOYMENT',
} as const;
export type AgentErrorCode = (typeof AgentErrorCode)[keyof typeof AgentErrorCode];

export const OUTBOX_LIMIT = 10_000;
export const HEARTBEAT_SECONDS = 15;
export const PING_SECONDS = 20;

/** Docker labels every object an agent creates carries. */
export const LABELS = {
  node: 'dev.nullops.node',
  deployment: 'dev.nullops.deployment',
  generation: 'dev.nullops.generation',
  step: 'dev.nullops.step',
} as const;
