// `nullops up --demo`: seeds, through the API as the first admin, the example project of templates/demo
// a newcomer can deploy in the first minute — PostgreSQL, a job that creates its table, a web page that
// reads it, the database password as a project secret — and prints how to deploy it. Idempotent: what
// exists is kept.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCKER_HUB_ID } from '@nullops/core';
import { LOCAL_ENVIRONMENT } from './agent.js';
import type { PlatformPart } from '../start.js';

/** templates/demo in this repository (from platform/dist/src/parts). */
const TEMPLATE_DIR = fileURLToPath(new URL('../../../../templates/demo/', import.meta.url));
export const DEMO_PROJECT = 'demo';
const DEMO_REGISTRY_NAME = 'demo-registry';

interface DemoService {
  name: string;
  image: string;
  ports: unknown[];
  healthcheck: unknown;
}
interface DemoTemplate {
  project: { name: string; description: string; resources: unknown };
  services: DemoService[];
  secrets: string[];
  pipeline: { message: string; definition: { steps: { command?: string[] }[]; edges: unknown[] } };
}

/** The demo as templates/demo describes it, a step command's `file:<name>` replaced by that file's text. */
export function demoTemplate(dir = TEMPLATE_DIR): DemoTemplate {
  const template = JSON.parse(readFileSync(join(dir, 'demo.json'), 'utf8')) as DemoTemplate;
  for (const step of template.pipeline.definition.steps) {
    step.command = step.command?.map((part) => (part.startsWith('file:') ? readFileSync(join(dir, part.slice('file:'.length)), 'utf8') : part));
  }
  return template;
}

/** Where the demo's images come from: Docker Hub by default; NULLOPS_DEMO_REGISTRY / _IMAGE_PREFIX / _POSTGRES_IMAGE move them. */
export function demoImages(env: NodeJS.ProcessEnv = process.env): { registryUrl: string | null; image(reference: string): { image: string; tag: string } } {
  const prefix = env.NULLOPS_DEMO_IMAGE_PREFIX ?? '';
  const split = (reference: string) => {
    const colon = reference.lastIndexOf(':');
    return colon > reference.lastIndexOf('/') ? { image: reference.slice(0, colon), tag: reference.slice(colon + 1) } : { image: reference, tag: 'latest' };
  };
  let registryUrl: string | null = null;
  const registry = env.NULLOPS_DEMO_REGISTRY?.trim();
  if (registry) {
    // A bare host is reached over HTTPS, except on loopback, where local registries speak plain HTTP (as Docker allows).
    registryUrl = /^https?:\/\//.test(registry) ? registry.replace(/\/+$/, '') : `${/^(127\.|localhost[:/]|localhost$|\[::1\])/.test(registry) ? 'http' : 'https'}://${registry}`;
  }
  return {
    registryUrl,
    image: (reference) => split(reference.startsWith('postgres:') && env.NULLOPS_DEMO_POSTGRES_IMAGE ? env.NULLOPS_DEMO_POSTGRES_IMAGE : `${prefix}${reference}`),
  };
}

class DemoApiError extends Error {}

/** A signed-in admin session against the control plane's own API. */
async function adminSession(apiUrl: string, username: string, password: string) {
  const base = new URL('/api/v1', localUrl(apiUrl)).toString();
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (login.status !== 200) throw new DemoApiError(`cannot sign in as "${username}" (HTTP ${login.status}); the demo needs the first admin's password (NULLOPS_ADMIN_PASSWORD or admin.password in the data directory)`);
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${base}${path}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok) throw new DemoApiError(`${method} ${path} answered ${response.status}: ${parsed?.error?.message ?? text}`);
    return parsed;
  };
  return { call, close: () => call('POST', '/auth/logout').catch(() => undefined) };
}

function localUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  return url.toString();
}

export const localDemo: PlatformPart = {
  name: 'the demo project',
  wanted: ({ demo }) => demo,
  async start({ controlPlane, apiUrl, say, facts }) {
    const none = { lines: [], stop: async () => {} };
    const config = controlPlane.config;
    if (!config.adminUsername || !config.adminPassword) {
      return { ...none, lines: ['Demo       not seeded: set NULLOPS_ADMIN_USERNAME and NULLOPS_ADMIN_PASSWORD so `up --demo` can sign in'] };
    }
    try {
      const seeded = await seedDemo(apiUrl, config.adminUsername, config.adminPassword, say);
      const passwordFile = join(resolve(config.dataDir), 'admin.password');
      const passwordShell = existsSync(passwordFile) && readFileSync(passwordFile, 'utf8').trim() === config.adminPassword ? `$(cat ${passwordFile})` : '$NULLOPS_ADMIN_PASSWORD';
      const api = `${localUrl(apiUrl).replace(/\/$/, '')}/api/v1`;
      const port = seeded.ingressPort ?? facts.ingressPort ?? config.ingressPort;
      const lines = [`Demo       project "${DEMO_PROJECT}" ${seeded.created.length ? 'seeded' : 'already seeded'}: PostgreSQL, a job that creates its table, a web page that reads it`];
      if (!seeded.environmentId) {
        lines.push(`           no environment "${LOCAL_ENVIRONMENT}" yet (the local agent did not start): start Docker, then run up --demo again`);
        return { ...none, lines };
      }
      lines.push(
        '           deploy it (sign in, then create a deployment named try-1):',
        `             curl -s -c /tmp/nullops.cookies -H 'content-type: application/json' -d "{\\"username\\":\\"${config.adminUsername}\\",\\"password\\":\\"${passwordShell}\\"}" ${api}/auth/login`,
        `             curl -s -b /tmp/nullops.cookies -H 'content-type: application/json' -d '{"projectId":"${seeded.projectId}","environmentId":"${seeded.environmentId}","name":"try-1"}' ${api}/deployments`,
        `           watch it:  curl -s -b /tmp/nullops.cookies '${api}/deployments?projectId=${seeded.projectId}'  (pending → deploying → running)`,
        `           open it:   http://web.try-1.${LOCAL_ENVIRONMENT}.localhost:${port}/`,
      );
      return { ...none, lines };
    } catch (error) {
      if (!(error instanceof DemoApiError)) throw error;
      say(`demo: ${error.message}`);
      return { ...none, lines: [`Demo       not seeded: ${error.message}`] };
    }
  },
};

/** Creates what is missing of the demo (registry, services, project, secret, pipeline version 1); keeps what exists. */
export async function seedDemo(apiUrl: string, username: string, password: string, say: (message: string) => void): Promise<{ projectId: string; environmentId: string | null; ingressPort: number | null; created: string[] }> {
  const { call, close } = await adminSession(apiUrl, username, password);
  const created: string[] = [];
  try {
    const images = demoImages();
    let registryId = DOCKER_HUB_ID;
    if (images.registryUrl) {
      const registries = (await call('GET', '/registries?limit=500')).items as { id: string; name: string; url: string }[];
      const existing = registries.find((r) => r.url.replace(/\/+$/, '') === images.registryUrl) ?? registries.find((r) => r.name === DEMO_REGISTRY_NAME);
      registryId = existing?.id ?? (await call('POST', '/registries', { name: DEMO_REGISTRY_NAME, url: images.registryUrl })).id;
      if (!existing) created.push(`registry ${images.registryUrl}`);
    }

    const template = demoTemplate();
    const services = (await call('GET', '/services?limit=500')).items as { name: string }[];
    for (const service of template.services) {
      if (services.some((s) => s.name === service.name)) continue;
      const { image, tag } = images.image(service.image);
      await call('POST', '/services', { name: service.name, registryId, image, tagMode: 'pinned', tag, ports: service.ports, healthcheck: service.healthcheck });
      created.push(`service ${service.name} (${image}:${tag})`);
    }

    const projects = (await call('GET', '/projects?limit=500')).items as { id: string; name: string }[];
    let project = projects.find((p) => p.name === template.project.name);
    if (!project) {
      project = (await call('POST', '/projects', template.project)) as { id: string; name: string };
      created.push(`project ${template.project.name}`);
    }

    const secrets = (await call('GET', `/projects/${project.id}/secrets`)).items as { name: string }[];
    for (const name of template.secrets) {
      if (secrets.some((s) => s.name === name)) continue;
      await call('PUT', `/projects/${project.id}/secrets/${name}`, { value: randomBytes(18).toString('hex') });
      created.push(`secret ${name}`);
    }

    const versions = await call('GET', `/projects/${project.id}/pipeline/versions`);
    if (versions.total === 0) {
      await call('POST', `/projects/${project.id}/pipeline/versions`, template.pipeline);
      created.push('pipeline version 1');
    }

    const environments = (await call('GET', '/environments?limit=500')).items as { id: string; name: string; ingressPort?: number | null }[];
    const environment = environments.find((e) => e.name === LOCAL_ENVIRONMENT);
    if (created.length) say(`demo: created ${created.join(', ')}`);
    return { projectId: project.id, environmentId: environment?.id ?? null, ingressPort: environment?.ingressPort ?? null, created };
  } finally {
    await close();
  }
}
