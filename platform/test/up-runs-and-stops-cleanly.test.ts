// `nullops up` (what `npm start` runs) brings the control plane up on embedded PostgreSQL, serves a
// valid OpenAPI 3 document, and Ctrl-C stops it together with the embedded database.
import t from 'tap';
import SwaggerParser from '@apidevtools/swagger-parser';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/main.js', import.meta.url));

t.test('up answers /readyz, serves OpenAPI 3, and stops on SIGINT', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'nullops-up-'));
  // A data directory as `npm start` makes it (./.nullops): open to the `postgres` user the database runs as.
  chmodSync(dataDir, 0o755);
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [cli, 'up', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, NULLOPS_INGRESS_PORT: '0', AGENT_PORT: '0', NULLOPS_REGISTRY_PORT: '0', NULLOPS_LOCAL_AGENT: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => child.kill('SIGKILL'));

  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /API\s+(http:\/\/[^\s]+)\/api\/v1/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`nullops up exited with ${code} before it was ready:\n${output}`));
    });
  });

  const ready = await fetch(`${base}/readyz`);
  t.equal(ready.status, 200, '/readyz answers 200 on the embedded database');
  t.same(await ready.json(), { status: 'ready' });

  const document = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
  t.equal(document.openapi.slice(0, 2), '3.', 'the document is OpenAPI 3');
  await t.resolves(SwaggerParser.validate(structuredClone(document) as never), 'and it is a valid OpenAPI document');
  t.ok(Object.keys(document.paths).includes('/readyz'), 'generated from the route schemas');

  t.match(output, /embedded PostgreSQL/, 'it says it runs the embedded database');
  t.ok(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), 'the embedded database runs in the data directory');

  child.kill('SIGINT');
  t.equal(await exited, 0, 'Ctrl-C ends it with exit code 0');
  t.match(output, /stopped\./);
  t.notOk(existsSync(join(dataDir, 'postgres', 'postmaster.pid')), 'and the embedded database was shut down cleanly');
});
