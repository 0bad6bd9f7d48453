// `nullops up --demo`: seeds, through the API as the first admin, an example project `demo` a newcomer can
// deploy in the first minute — PostgreSQL, a job that creates its table, a web page that reads it, the
// database password as a project secret — and prints how to deploy it. Idempotent: what exists is kept.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DOCKER_HUB_ID } from '../modules/catalog/registries.js';
import { LOCAL_ENVIRONMENT } from './local-agent.js';
import type { LocalService } from './local-services.js';

export const DEMO_PROJECT = 'demo';
export const DEMO_POSTGRES_SERVICE = 'demo-postgres';
export const DEMO_NODE_SERVICE = 'demo-node';
const DEMO_REGISTRY_NAME = 'demo-registry';
const WEB_PORT = 8080;

/**
 * The demo's application, one small Node.js program run by the job (`migrate`: creates the table and its
 * first row) and by the web service (`serve`: a page listing the rows, one more per visit). Public Node.js
 * images have no PostgreSQL client, so it speaks the wire protocol itself: startup, SCRAM-SHA-256 (or
 * cleartext/MD5) authentication and simple queries. Shipped as its own source text, so it runs in any
 * `node` image and reads in the pipeline as what it is.
 */
function demoApp(): void {
  const net = require('node:net') as typeof import('node:net');
  const crypto = require('node:crypto') as typeof import('node:crypto');
  const http = require('node:http') as typeof import('node:http');
  type Message = { type: string; body: Buffer };
  const cstring = (text: string) => Buffer.from(`${text}\0`);
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const errorText = (body: Buffer) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i < body.length && body[i] !== 0; ) {
      const end = body.indexOf(0, i + 1);
      fields[String.fromCharCode(body[i])] = body.subarray(i + 1, end).toString();
      i = end + 1;
    }
    return `${fields.S ?? 'ERROR'}: ${fields.M ?? 'unknown error'}`;
  };

  async function connect(databaseUrl: string) {
    const url = new URL(databaseUrl);
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const socket = net.connect(Number(url.port || 5432), url.hostname);
    let buffer = Buffer.alloc(0);
    let failure: Error | undefined;
    const queue: Message[] = [];
    const waiting: { resolve: (m: Message) => void; reject: (e: Error) => void }[] = [];
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 5 && buffer.length >= 1 + buffer.readInt32BE(1)) {
        const length = buffer.readInt32BE(1);
        const message = { type: String.fromCharCode(buffer[0]), body: buffer.subarray(5, 1 + length) };
        buffer = buffer.subarray(1 + length);
        const waiter = waiting.shift();
        if (waiter) waiter.resolve(message);
        else queue.push(message);
      }
    });
    const fail = (error: Error) => {
      failure = error;
      for (const waiter of waiting.splice(0)) waiter.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the database closed the connection')));
    const next = () => {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      if (failure) return Promise.reject(failure);
      return new Promise<Message>((resolve, reject) => waiting.push({ resolve, reject }));
    };
    const send = (type: string, body: Buffer) => socket.write(Buffer.concat([Buffer.from(type), int32(body.length + 4), body]));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const startup = Buffer.concat([int32(196608), cstring('user'), cstring(user), cstring('database'), cstring(url.pathname.slice(1)), Buffer.from([0])]);
    socket.write(Buffer.concat([int32(startup.length + 4), startup]));
    let clientNonce = '';
    let clientFirstBare = '';
    for (;;) {
      const message = await next();
      if (message.type === 'E') throw new Error(errorText(message.body));
      if (message.type === 'Z') break;
      if (message.type !== 'R') continue;
      const code = message.body.readInt32BE(0);
      if (code === 3) send('p', cstring(password));
      else if (code === 5) {
        const inner = crypto.createHash('md5').update(password + user).digest('hex');
        send('p', cstring(`md5${crypto.createHash('md5').update(Buffer.concat([Buffer.from(inner), message.body.subarray(4, 8)])).digest('hex')}`));
      } else if (code === 10) {
        clientNonce = crypto.randomBytes(18).toString('base64');
        clientFirstBare = `n=,r=${clientNonce}`;
        const first = Buffer.from(`n,,${clientFirstBare}`);
        send('p', Buffer.concat([cstring('SCRAM-SHA-256'), int32(first.length), first]));
      } else if (code === 11) {
        const serverFirst = message.body.subarray(4).toString();
        const attributes = Object.fromEntries(serverFirst.split(',').map((part) => [part[0], part.slice(2)]));
        if (!attributes.r.startsWith(clientNonce)) throw new Error('the server answered with a foreign SCRAM nonce');
        const salted = crypto.pbkdf2Sync(password, Buffer.from(attributes.s, 'base64'), Number(attributes.i), 32, 'sha256');
        const clientKey = crypto.createHmac('sha256', salted).update('Client Key').digest();
        const storedKey = crypto.createHash('sha256').update(clientKey).digest();
        const withoutProof = `c=biws,r=${attributes.r}`;
        const signature = crypto.createHmac('sha256', storedKey).update(`${clientFirstBare},${serverFirst},${withoutProof}`).digest();
        const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]));
        send('p', Buffer.from(`${withoutProof},p=${proof.toString('base64')}`));
      } else if (code !== 0 && code !== 12) throw new Error(`the database asks for an authentication method this demo does not speak (${code})`);
    }
    return {
      async query(sql: string): Promise<Record<string, string | null>[]> {
        send('Q', cstring(sql));
        const rows: Record<string, string | null>[] = [];
        let names: string[] = [];
        let error: string | undefined;
        for (;;) {
          const message = await next();
          if (message.type === 'Z') break;
          if (message.type === 'E') error = errorText(message.body);
          if (message.type === 'T') {
            names = [];
            for (let i = 0, at = 2; i < message.body.readInt16BE(0); i++) {
              const end = message.body.indexOf(0, at);
              names.push(message.body.subarray(at, end).toString());
              at = end + 1 + 18;
            }
          }
          if (message.type === 'D') {
            const row: Record<string, string | null> = {};
            for (let i = 0, at = 2; i < message.body.readInt16BE(0); i++) {
              const length = message.body.readInt32BE(at);
              row[names[i]] = length < 0 ? null : message.body.subarray(at + 4, at + 4 + length).toString();
              at += 4 + Math.max(length, 0);
            }
            rows.push(row);
          }
        }
        if (error) throw new Error(error);
        return rows;
      },
      end() {
        send('X', Buffer.alloc(0));
        socket.end();
      },
    };
  }

  const databaseUrl = process.env.DATABASE_URL ?? '';
  const shownUrl = databaseUrl.replace(/:[^:@/]*@/, ':***@');

  async function migrate() {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const db = await connect(databaseUrl);
        await db.query("CREATE TABLE IF NOT EXISTS visits (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), note text NOT NULL); INSERT INTO visits (note) SELECT 'created by the migrate job' WHERE NOT EXISTS (SELECT 1 FROM visits)");
        const tables = await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
        const [count] = await db.query('SELECT count(*) AS n FROM visits');
        db.end();
        console.log(`migrate: ${shownUrl} now has tables: ${tables.map((t) => t.table_name).join(', ')} (visits: ${count.n} row(s))`);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        console.log(`migrate: waiting for the database (${(error as Error).message})`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  function serve() {
    const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
    http
      .createServer(async (request, response) => {
        if (request.url === '/healthz') return response.end('ok\n');
        try {
          const db = await connect(databaseUrl);
          await db.query("INSERT INTO visits (note) VALUES ('page view')");
          const rows = await db.query('SELECT id, at, note FROM visits ORDER BY id DESC LIMIT 20');
          db.end();
          const items = rows.map((r) => `<tr><td>${r.id}</td><td>${escape(r.at ?? '')}</td><td>${escape(r.note ?? '')}</td></tr>`).join('');
          response.setHeader('content-type', 'text/html; charset=utf-8');
          response.end(
            `<!doctype html><title>NullOps demo</title><h1>NullOps demo: deployment ${escape(process.env.DEPLOYMENT ?? '')}</h1>` +
              `<p>This page runs in its own container and was given DATABASE_URL=<code>${escape(shownUrl)}</code>.</p>` +
              `<p>Table <code>visits</code> was created by the <code>migrate</code> job; each visit adds a row.</p>` +
              `<table border="1" cellpadding="4"><tr><th>id</th><th>at</th><th>note</th></tr>${items}</table>\n`,
          );
        } catch (error) {
          response.statusCode = 500;
          response.end(`the database did not answer: ${(error as Error).message}\n`);
        }
      })
      .listen(Number(process.env.PORT ?? 8080), () => console.log(`web: listening on ${process.env.PORT ?? 8080}, database ${shownUrl}`));
  }

  if (process.argv[1] === 'migrate') {
    migrate().catch((error: Error) => {
      console.error(`migrate failed: ${error.message}`);
      process.exit(1);
    });
  } else serve();
}

/** The demo's images: Docker Hub's by default; NULLOPS_DEMO_REGISTRY / _IMAGE_PREFIX / _POSTGRES_IMAGE / _NODE_IMAGE move them. */
export function demoImages(env: NodeJS.ProcessEnv = process.env): { registryUrl: string | null; postgres: { image: string; tag: string }; node: { image: string; tag: string } } {
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
    postgres: split(env.NULLOPS_DEMO_POSTGRES_IMAGE ?? `${prefix}postgres:17-alpine`),
    node: split(env.NULLOPS_DEMO_NODE_IMAGE ?? `${prefix}node:20-alpine`),
  };
}

/** The demo pipeline: db → migrate (job) → web, the password from the project secret DB_PASSWORD. */
export function demoPipeline(): Record<string, unknown> {
  const app = `(${demoApp.toString()})()`;
  const databaseUrl = 'postgres://demo:${{ secrets.DB_PASSWORD }}@${{ services.db.host }}:${{ services.db.ports.postgres }}/demo';
  return {
    steps: [
      { id: 'db', kind: 'service', service: DEMO_POSTGRES_SERVICE, env: { POSTGRES_USER: 'demo', POSTGRES_DB: 'demo', POSTGRES_PASSWORD: '${{ secrets.DB_PASSWORD }}' } },
      { id: 'migrate', kind: 'job', service: DEMO_NODE_SERVICE, command: ['node', '-e', app, 'migrate'], env: { DATABASE_URL: databaseUrl }, timeoutSeconds: 120 },
      { id: 'web', kind: 'service', service: DEMO_NODE_SERVICE, command: ['node', '-e', app, 'serve'], env: { DATABASE_URL: databaseUrl, DEPLOYMENT: '${{ deployment.name }}', PORT: String(WEB_PORT) } },
    ],
    edges: [
      { from: 'db', to: 'migrate' },
      { from: 'migrate', to: 'web' },
    ],
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

export const localDemo: LocalService = {
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

    const services = (await call('GET', '/services?limit=500')).items as { name: string }[];
    const wanted = [
      { name: DEMO_POSTGRES_SERVICE, ...images.postgres, ports: [{ name: 'postgres', port: 5432, ingress: false }], healthcheck: { type: 'tcp', port: 'postgres', intervalSeconds: 1, timeoutSeconds: 2, retries: 90 } },
      { name: DEMO_NODE_SERVICE, ...images.node, ports: [{ name: 'http', port: WEB_PORT, ingress: true }], healthcheck: { type: 'http', port: 'http', path: '/healthz', intervalSeconds: 1, timeoutSeconds: 2, retries: 60 } },
    ];
    for (const service of wanted) {
      if (services.some((s) => s.name === service.name)) continue;
      await call('POST', '/services', { name: service.name, registryId, image: service.image, tagMode: 'pinned', tag: service.tag, ports: service.ports, healthcheck: service.healthcheck });
      created.push(`service ${service.name} (${service.image}:${service.tag})`);
    }

    const projects = (await call('GET', '/projects?limit=500')).items as { id: string; name: string }[];
    let project = projects.find((p) => p.name === DEMO_PROJECT);
    if (!project) {
      project = (await call('POST', '/projects', { name: DEMO_PROJECT, description: 'The example `nullops up --demo` seeds: PostgreSQL, a job that creates a table, a web page that reads it.', resources: { cpu: 1, memoryMb: 768 } })) as { id: string; name: string };
      created.push(`project ${DEMO_PROJECT}`);
    }

    const secrets = (await call('GET', `/projects/${project.id}/secrets`)).items as { name: string }[];
    if (!secrets.some((s) => s.name === 'DB_PASSWORD')) {
      await call('PUT', `/projects/${project.id}/secrets/DB_PASSWORD`, { value: randomBytes(18).toString('hex') });
      created.push('secret DB_PASSWORD');
    }

    const versions = await call('GET', `/projects/${project.id}/pipeline/versions`);
    if (versions.total === 0) {
      await call('POST', `/projects/${project.id}/pipeline/versions`, { definition: demoPipeline(), message: 'The demo: db → migrate → web' });
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
