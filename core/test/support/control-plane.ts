// Starts a control plane for a test file on a fresh database, with the auth driver and options the
// test asks for, no ingress and no placement drivers; plus the few identity steps most tests need.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { createControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../src/kernel/app.js';
import { loadConfig, type ConfigInput } from '../../src/kernel/config.js';
import { freshDatabase } from './database.js';
import type { Access } from '../../src/kernel/access.js';

export const TEST_ADMIN = { username: 'root-admin', password: 'root-admin-password' };

export interface TestControlPlane {
  controlPlane: ControlPlane;
  app: FastifyInstance;
  close(): Promise<void>;
  /** Drops the test database only (for tests that closed the control plane themselves). */
  dropDatabase(): Promise<void>;
}

export async function startTestControlPlane(
  overrides: ConfigInput = {},
  options: ControlPlaneOptions = { logger: false },
): Promise<TestControlPlane> {
  const database = await freshDatabase();
  await relaxDurability(database.url);
  const config = loadConfig(
    {},
    {
      databaseUrl: database.url,
      encryptionKey: Buffer.alloc(32, 7).toString('base64'),
      adminUsername: TEST_ADMIN.username,
      adminPassword: TEST_ADMIN.password,
      ...overrides,
      drivers: { auth: 'auth-local', ingress: 'none', placement: [], ...overrides.drivers },
    },
  );
  const controlPlane = await createControlPlane(config, options);
  return {
    controlPlane,
    app: controlPlane.app,
    close: async () => {
      await controlPlane.close();
      await database.drop();
    },
    dropDatabase: () => database.drop(),
  };
}

/** Signs in with a password; returns the Cookie header value of the new session. */
export async function signIn(app: FastifyInstance, username: string, password: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  return sessionCookie(response);
}

export function sessionCookie(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'nullops_session');
  if (!cookie) throw new Error('no session cookie in the response');
  return `nullops_session=${cookie.value}`;
}

/** An API call as the holder of `cookie` (a session) or `token` (Bearer); returns status and parsed body. */
export async function call(
  app: FastifyInstance,
  as: { cookie?: string; token?: string } | null,
  method: string,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string }> {
  const response = await app.inject({
    method: method as 'GET',
    url,
    payload: payload as object | undefined,
    headers: { ...(as?.cookie ? { cookie: as.cookie } : {}), ...(as?.token ? { authorization: `Bearer ${as.token}` } : {}), ...headers },
  });
  let body: unknown = undefined;
  try {
    body = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    body = response.body;
  }
  return { status: response.statusCode, body, headers: response.headers, raw: response.body };
}

/** A test database need not survive a power cut: without waiting for each commit to reach the disk, the many small writes of a test run several times faster. */
async function relaxDurability(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET synchronous_commit TO off`);
  } finally {
    await client.end();
  }
}

/** Every API route the control plane registered, with the access it declared (for the access matrix). */
export function apiRoutesOf(app: FastifyInstance): { method: string; url: string; access: Access }[] {
  return app.apiRoutes;
}
