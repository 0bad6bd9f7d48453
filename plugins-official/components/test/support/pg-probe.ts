// A tiny app for the full-deployment test, bundled with `pg` into one file and run from an image on the
// local Node.js base: `job` adds a row through DATABASE_URL and exits; `serve` adds one at start and
// answers GET / with every row as JSON (GET /healthz: ok) — so the test sees that the URL a plugin
// returned works from a job and from a service of the same deployment.
import { createServer } from 'node:http';
import pg from 'pg';

async function withDb<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function probe(mode: string): Promise<void> {
  if (mode === 'job') {
    await withDb((c) => c.query("INSERT INTO notes (note) VALUES ('from the job')"));
    console.log('job: added its row');
    return;
  }
  await withDb((c) => c.query("INSERT INTO notes (note) VALUES ('from the service')"));
  createServer((request, response) => {
    if (request.url === '/healthz') return response.end('ok\n');
    withDb((c) => c.query('SELECT note FROM notes ORDER BY id'))
      .then((result) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(result.rows.map((r) => r.note)));
      })
      .catch((error: Error) => {
        response.statusCode = 500;
        response.end(error.message);
      });
  }).listen(8080, () => console.log('serve: listening on 8080'));
}

if (process.argv[1]?.endsWith('pg-probe.mjs')) {
  probe(process.argv[2] ?? 'serve').catch((error: Error) => {
    console.error(`pg-probe failed: ${error.message}`);
    process.exit(1);
  });
}
