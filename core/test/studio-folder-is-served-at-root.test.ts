// A control plane with studioDir serves the studio's files at /, hands index.html to any other page
// path (deep links), and leaves /api, /docs and the operational endpoints exactly as they were.
import t from 'tap';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/kernel/config.js';
import { createControlPlane } from '../src/kernel/app.js';
import { startTestControlPlane } from './support/control-plane.js';

const dir = mkdtempSync(join(tmpdir(), 'nullops-studio-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>studio page</title>');
writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("studio")');
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('pages, assets and the API share one origin', async (t) => {
  const cp = await startTestControlPlane({ studioDir: dir });
  t.teardown(() => cp.close());
  const { app } = cp;

  const home = await app.inject({ method: 'GET', url: '/' });
  t.equal(home.statusCode, 200);
  t.match(home.headers['content-type'], /text\/html/);
  t.match(home.body, /studio page/);

  const deepLink = await app.inject({ method: 'GET', url: '/deployments/3f2c6a1e-0000-4000-8000-000000000000?tab=logs' });
  t.equal(deepLink.statusCode, 200, 'a page path the server does not know still opens the studio');
  t.match(deepLink.body, /studio page/);
  t.equal(deepLink.headers['cache-control'], 'no-cache');

  const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
  t.equal(asset.statusCode, 200);
  t.match(asset.headers['content-type'], /javascript/);
  t.match(String(asset.headers['cache-control']), /immutable/);

  const unknownApi = await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
  t.equal(unknownApi.statusCode, 404);
  t.equal(unknownApi.json().error.code, 'NOT_FOUND', 'unknown API paths keep the error shape, not the page');

  const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me' });
  t.equal(me.statusCode, 401);
  t.equal(me.json().error.code, 'UNAUTHENTICATED');

  t.equal((await app.inject({ method: 'GET', url: '/healthz' })).json().status, 'ok');
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).json().status, 'ready');

  const write = await app.inject({ method: 'POST', url: '/deployments' });
  t.equal(write.statusCode, 404, 'only GET falls back to the page');
  t.equal(write.json().error.code, 'NOT_FOUND');
});

t.test('without studioDir, page paths answer the 404 error shape as before', async (t) => {
  const cp = await startTestControlPlane();
  t.teardown(() => cp.close());
  const page = await cp.app.inject({ method: 'GET', url: '/deployments' });
  t.equal(page.statusCode, 404);
  t.equal(page.json().error.code, 'NOT_FOUND');
});

t.test('a studioDir without index.html stops start-up naming the setting', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'nullops-studio-empty-'));
  t.teardown(() => rmSync(empty, { recursive: true, force: true }));
  const config = loadConfig({ NULLOPS_STUDIO_DIR: empty }, { databaseUrl: 'postgres://nobody@127.0.0.1:1/none' });
  let caught: unknown;
  try {
    await createControlPlane(config, { logger: false });
  } catch (error) {
    caught = error;
  }
  t.ok(caught instanceof ConfigError, 'a configuration error, not a crash');
  t.equal((caught as ConfigError).setting, 'studioDir');
  t.match((caught as ConfigError).message, /NULLOPS_STUDIO_DIR.*no index\.html/);
});
