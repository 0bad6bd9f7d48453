// Plan builders for the agent tests: small, valid plans with busybox http services, the shell test
// plugin and the PostgreSQL service, so each test says only what matters to it.
import { randomBytes } from 'node:crypto';
import type { Plan, PlanComponentStep, PlanServiceStep } from '@nullops/core/contracts';
import { BUSYBOX, POSTGRES } from './docker-fixtures.js';

export const uniqueId = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export function plan(deploymentId: string, steps: Plan['steps'], extra: Partial<Plan> = {}): Plan {
  return {
    deploymentId,
    generation: 1,
    name: deploymentId,
    project: 'shop',
    environment: 'qa',
    baseDomain: 'test.local',
    attempt: 1,
    gracefulStopSeconds: 2,
    masks: [],
    steps,
    ...extra,
  };
}

/** A busybox httpd answering `text` on port 8080 (the ingress port). */
export function httpService(id: string, needs: string[], text: string, extra: Partial<PlanServiceStep> = {}): PlanServiceStep {
  return {
    id,
    kind: 'service',
    needs,
    image: BUSYBOX,
    env: {},
    command: ['sh', '-c', `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 8080 -h /www`],
    ports: [{ name: 'http', port: 8080, ingress: true }],
    healthcheck: { type: 'http', port: 'http', path: '/', intervalSeconds: 0.3, timeoutSeconds: 1, retries: 40 },
    resources: { cpu: 0.25, memoryMb: 32 },
    ...extra,
  };
}

export function postgresService(id: string, password: string): PlanServiceStep {
  return {
    id,
    kind: 'service',
    needs: [],
    image: POSTGRES,
    env: { POSTGRES_PASSWORD: password },
    ports: [{ name: 'pg', port: 5432, ingress: false }],
    healthcheck: { type: 'tcp', port: 'pg', intervalSeconds: 0.5, timeoutSeconds: 1, retries: 120 },
    resources: { cpu: 0.5, memoryMb: 256 },
  };
}

export const SHELL_MANIFEST: PlanComponentStep['manifest'] = {
  name: 'nullops-test/shell',
  version: '1.0.0',
  actions: ['run', 'rollback'],
  timeoutSeconds: 30,
  network: 'deployment',
  input: {
    type: 'object',
    properties: { mode: { enum: ['ok', 'fail', 'garbage', 'badschema', 'sleep', 'slowok'] }, password: { type: 'string', writeOnly: true } },
    required: ['mode'],
  },
  output: { type: 'object', properties: { greeting: { type: 'string' }, token: { type: 'string', writeOnly: true } } },
  secrets: ['password'],
};

export function shellStep(id: string, needs: string[], image: string, params: Record<string, unknown>, manifest: Partial<PlanComponentStep['manifest']> = {}): PlanComponentStep {
  return { id, kind: 'component', needs, image, manifest: { ...SHELL_MANIFEST, ...manifest }, params };
}

export const PG_MANIFEST: PlanComponentStep['manifest'] = {
  name: 'nullops-test/postgres-create-db',
  version: '1.0.0',
  actions: ['run', 'rollback'],
  timeoutSeconds: 60,
  network: 'deployment',
  input: {
    type: 'object',
    properties: { host: { type: 'string' }, database: { type: 'string', pattern: '^[a-z_]+$' }, password: { type: 'string', writeOnly: true } },
    required: ['host', 'database', 'password'],
  },
  output: { type: 'object', properties: { database: { type: 'string' }, url: { type: 'string', writeOnly: true } }, required: ['database', 'url'] },
  secrets: ['password'],
};
