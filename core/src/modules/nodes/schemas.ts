// The HTTP shapes of nodes (API.md, "Environments and nodes"): what an admin sends and what a read returns.
import { Type, type Static } from '@sinclair/typebox';
import { DnsLabel, FirewallState, Uuid } from '../../contracts/index.js';

const Labels = Type.Record(Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9._/-]{0,62}$' }), Type.String({ maxLength: 253 }), { description: 'placement labels; a project nodeSelector must match them' });
const Thumbprint = Type.String({ pattern: '^([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$', description: "SHA-256 of the agent's certificate, as the agent prints it at start-up" });

export const CreateNode = Type.Object(
  {
    name: DnsLabel,
    host: Type.String({ minLength: 1, maxLength: 253, description: 'where the control plane reaches the agent' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 5000 }),
    labels: Type.Optional(Labels),
    thumbprint: Type.Optional(Thumbprint),
  },
  { additionalProperties: false },
);
export type CreateNode = Static<typeof CreateNode>;

export const UpdateNode = Type.Object({ enabled: Type.Optional(Type.Boolean()), labels: Type.Optional(Labels) }, { additionalProperties: false, minProperties: 1 });
export type UpdateNode = Static<typeof UpdateNode>;

export const ApproveThumbprint = Type.Object({ thumbprint: Thumbprint }, { additionalProperties: false });
export type ApproveThumbprint = Static<typeof ApproveThumbprint>;

export const NodeStatusView = Type.Union(['connecting', 'online', 'offline', 'untrusted', 'incompatible', 'reconfigure', 'revoked'].map((s) => Type.Literal(s)));

export const NodeView = Type.Object({
  id: Uuid,
  name: Type.String(),
  environment: Type.Object({ id: Uuid, name: Type.String() }),
  host: Type.String(),
  port: Type.Integer(),
  enabled: Type.Boolean(),
  status: NodeStatusView,
  statusMessage: Type.Union([Type.String(), Type.Null()]),
  thumbprint: Type.Union([Type.String(), Type.Null()]),
  pendingThumbprint: Type.Optional(Type.String()),
  agentVersion: Type.Union([Type.String(), Type.Null()]),
  publishAddress: Type.Union([Type.String(), Type.Null()]),
  firewall: Type.Union([FirewallState, Type.Null()], { description: "the agent's isolation firewall as it last reported it; null until it first connects" }),
  labels: Type.Record(Type.String(), Type.String()),
  capacity: Type.Object({ cpu: Type.Number(), memoryMb: Type.Number() }),
  allocated: Type.Object({ cpu: Type.Number(), memoryMb: Type.Number() }),
  usage: Type.Object({ cpuPercent: Type.Number(), memoryMb: Type.Number() }),
  deployments: Type.Integer({ description: 'deployments on the node that are not deleted' }),
  lastSeenAt: Type.Union([Type.String(), Type.Null()]),
});
export type NodeView = Static<typeof NodeView>;

export const CreatedNode = Type.Object({ node: NodeView, token: Type.String({ description: 'the agent token, shown once: start the agent with AGENT_TOKEN set to it' }) });
export const NodeToken = Type.Object({ token: Type.String({ description: 'the new agent token, shown once' }) });
