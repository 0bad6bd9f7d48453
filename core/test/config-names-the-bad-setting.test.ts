// A bad setting stops start-up with a message naming it; good ones come through with defaults.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/kernel/config.js';

t.test('defaults apply when nothing is set', async (t) => {
  const config = loadConfig({});
  t.equal(config.port, 7700);
  t.equal(config.ingressPort, 7780);
  t.equal(config.dataDir, './.nullops');
  t.equal(config.drivers.auth, 'auth-local');
  t.same(config.drivers.placement, ['placement-capacity', 'placement-pressure', 'placement-labels']);
});

t.test('environment variables are read and coerced', async (t) => {
  const config = loadConfig({ NULLOPS_PORT: '8123', NULLOPS_PLACEMENT_DRIVERS: 'placement-capacity, placement-labels', DATABASE_URL: 'postgres://u:p@db:5432/x' });
  t.equal(config.port, 8123);
  t.same(config.drivers.placement, ['placement-capacity', 'placement-labels']);
  t.equal(config.databaseUrl, 'postgres://u:p@db:5432/x');
});

t.test('a non-numeric port names NULLOPS_PORT', async (t) => {
  let caught: unknown;
  try {
    loadConfig({ NULLOPS_PORT: 'eighty' });
  } catch (error) {
    caught = error;
  }
  t.ok(caught instanceof ConfigError, 'a ConfigError stops start-up');
  t.match((caught as Error).message, /NULLOPS_PORT/, 'naming the setting');
  t.match((caught as Error).message, /eighty/, 'and the bad value');
});

t.test('an out-of-range ingress port names NULLOPS_INGRESS_PORT', async (t) => {
  t.throws(() => loadConfig({ NULLOPS_INGRESS_PORT: '70000' }), /NULLOPS_INGRESS_PORT/);
});

t.test('a DATABASE_URL that is not postgres names DATABASE_URL', async (t) => {
  t.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
});

t.test('the config file is read, and env wins over it', async (t) => {
  const dir = configDir(t);
  const file = join(dir, 'nullops.json');
  writeFileSync(file, JSON.stringify({ port: 9000, ingressPort: 9001, drivers: { auth: 'auth-proxy-header' } }));
  const config = loadConfig({ NULLOPS_CONFIG: file, NULLOPS_PORT: '9100' });
  t.equal(config.port, 9100);
  t.equal(config.ingressPort, 9001);
  t.equal(config.drivers.auth, 'auth-proxy-header');
  t.equal(config.drivers.ingress, 'ingress-builtin');
});

t.test('an unknown key in the config file is named', async (t) => {
  const dir = configDir(t);
  const file = join(dir, 'nullops.json');
  writeFileSync(file, JSON.stringify({ prot: 9000 }));
  t.throws(() => loadConfig({ NULLOPS_CONFIG: file }), /prot/);
});

t.test('a config file that is not JSON says so', async (t) => {
  const dir = configDir(t);
  const file = join(dir, 'nullops.json');
  writeFileSync(file, '{ port: ');
  t.throws(() => loadConfig({ NULLOPS_CONFIG: file }), /not valid JSON/);
});

/** A temporary folder for a config file, removed when the test ends. */
function configDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'nullops-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
