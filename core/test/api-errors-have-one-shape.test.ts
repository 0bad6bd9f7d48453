// Every failure answers in the API's error shape with a stable code: schema failures, malformed JSON,
// unknown /api/ routes; and a bad driver setting stops start-up with a message naming the driver.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { createControlPlane } from '../src/kernel/app.js';
import { loadConfig } from '../src/kernel/config.js';
import { freshDatabase } from './support/database.js';

const database = await freshDatabase();
t.teardown(() => database.drop());
const config = loadConfig({}, { databaseUrl: database.url, encryptionKey: Buffer.alloc(32, 7).toString('base64'), drivers: { ingress: 'none' } });
const controlPlane = await createControlPlane(config, { logger: false });
t.teardown(() => controlPlane.close());
const { app } = controlPlane;

t.test('a body failing its schema is 400 VALIDATION_FAILED with the offending paths', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 42 } });
  t.equal(response.statusCode, 400);
  const body = response.json();
  t.equal(body.error.code, 'VALIDATION_FAILED');
  const paths = body.error.details.errors.map((e: { path: string }) => e.path);
  t.ok(paths.includes('body/username'), `names body/username (got ${paths.join(', ')})`);
  t.ok(paths.includes('body/password'), 'and the missing body/password');
});

t.test('malformed JSON is 400 BAD_JSON', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": "a", ' });
  t.equal(response.statusCode, 400);
  t.equal(response.json().error.code, 'BAD_JSON');
});

t.test('an unknown /api/ route is a JSON 404 NOT_FOUND', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing/123' });
  t.equal(response.statusCode, 404);
  t.match(response.json(), { error: { code: 'NOT_FOUND', message: /no-such-thing/ } });
});

t.test('an unknown driver stops start-up naming the driver and the package', async (t) => {
  const bad = loadConfig({}, { databaseUrl: database.url, encryptionKey: config.encryptionKey, drivers: { auth: 'auth-nope', ingress: 'none' } });
  await t.rejects(createControlPlane(bad, { logger: false }), /auth driver "auth-nope" is unknown: package @nullops\/driver-auth-nope is not installed/);
});

t.test('a driver that fails while starting stops start-up with its reason', async (t) => {
  const failing = fileURLToPath(new URL('./fixtures/driver-that-fails.js', import.meta.url));
  const bad = loadConfig({}, { databaseUrl: database.url, encryptionKey: config.encryptionKey, drivers: { auth: failing, ingress: 'none' } });
  await t.rejects(createControlPlane(bad, { logger: false }), /auth driver .* failed to start: cannot reach the identity provider/);
});
