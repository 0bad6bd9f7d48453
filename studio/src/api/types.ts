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
