// The response shapes the studio reads, as the public API (API.md, /api/v1/openapi.json) defines them.
// Only the fields the studio uses; the API may send more.
export interface Ref {
  id: string;
  name: string;
}

export interface List<T> {
  items: T[];
  total: number;
}

export type Access = 'read' | 'full';

export interface User {
  id: string;
  username: string;
  role: 'admin' | 'user';
  disabled?: boolean;
  createdAt?: string;
}

export interface Me {
  user: User;
  teams: Ref[];
}

export type DeploymentStatus = 'pending' | 'deploying' | 'running' | 'failed' | 'cancelling' | 'deleting' | 'deleted' | 'offline';

export interface DeploymentService {
  id: string;
  service: string;
  status: string;
  health: string;
  restartCount: number;
  url?: string;
}

export interface Deployment {
  id: string;
  name: string;
  status: DeploymentStatus;
  access: Access;
  project: Ref;
  environment: Ref;
  node: Ref | null;
  pipelineVersion: number;
  versions: Record<string, string>;
  services: DeploymentService[];
  error?: { code: string; message: string; stepId?: string };
  generation: number;
  attempt: number;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  lastActivityAt: string;
  deletedAt?: string;
}

export interface DeploymentEvent {
  at: string;
  stepId?: string;
  phase: string;
  status: string;
  message: string;
  generation: number;
}

export interface Project {
  id: string;
  name: string;
  description: string;
  resources: { cpu: number; memoryMb: number };
  ttlHours: number | null;
  nodeSelector: Record<string, string>;
  access: Access;
}

export interface Environment {
  id: string;
  name: string;
  baseDomain: string;
  ttlHours: number;
  ingressScheme: 'http' | 'https' | null;
  ingressPort: number | null;
  access: Access;
}

export interface Registry {
  id: string;
  name: string;
  url: string;
  username: string | null;
  hasPassword: boolean;
  builtin: boolean;
}

export interface Service {
  id: string;
  name: string;
  registry: Ref;
  image: string;
  imageReference: string;
  tagMode: 'pinned' | 'selectable';
  tag: string | null;
  tagPattern: string | null;
  ports: { name: string; port: number; ingress?: boolean }[];
}

export interface Team {
  id: string;
  name: string;
  members?: { id: string; username: string }[];
}

export interface Grant {
  teamId: string;
  team: Ref;
  access: Access;
}

export interface NodeInfo {
  id: string;
  name: string;
  environment: Ref;
  host: string;
  port: number;
  enabled: boolean;
  status: string;
  statusMessage: string | null;
  thumbprint: string | null;
  pendingThumbprint?: string;
  agentVersion: string | null;
  publishAddress: string | null;
  labels: Record<string, string>;
  capacity: { cpu: number; memoryMb: number };
  allocated: { cpu: number; memoryMb: number };
  usage: { cpuPercent: number; memoryMb: number };
  deployments: number;
  lastSeenAt: string | null;
}

export interface PipelineStep {
  id: string;
  kind: 'service' | 'job' | 'component';
  service?: string;
  plugin?: string;
}

export interface PipelineVersion {
  version: number;
  definition: { steps: PipelineStep[]; edges: { from: string; to: string }[] };
}

export interface AuditItem {
  id: string;
  at: string;
  actor: { id: string; username: string } | null;
  action: string;
  target: { type: string; id: string } | null;
  status: number;
  address: string;
  details: Record<string, unknown>;
}
