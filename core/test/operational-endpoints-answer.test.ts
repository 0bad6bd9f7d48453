// The endpoints operators point their monitoring at: liveness, readiness, Prometheus metrics that count
// requests by route pattern, and the browsable API docs.
import t from 'tap';
import { startTestControlPlane } from './support/control-plane.js';

const plane = await startTestControlPlane();
t.teardown(plane.close);
const { app } = plane;

t.test('/healthz and /readyz answer', async (t) => {
  t.same((await app.inject('/healthz')).json(), { status: 'ok' });
  const ready = await app.inject('/readyz');
  t.equal(ready.statusCode, 200);
  t.same(ready.json(), { status: 'ready' });
});

t.test('/metrics is Prometheus text with process and request metrics by route pattern', async (t) => {
  await app.inject('/api/v1/environments/00000000-0000-4000-8000-000000000000');
  const metrics = await app.inject('/metrics');
  t.equal(metrics.statusCode, 200);
  t.match(metrics.headers['content-type'], /text\/plain/);
  t.match(metrics.body, /nullops_process_cpu_seconds_total/);
  t.match(metrics.body, /nullops_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/environments\/:id",status="401"\} 1/, 'counted under the route pattern, not the raw URL');
});

t.test('/docs serves the browsable API reference', async (t) => {
  const docs = await app.inject('/docs/');
  t.equal(docs.statusCode, 200);
  t.match(docs.body, /swagger/i);
});

t.test('/readyz says 503 NOT_READY when the database is gone', async (t) => {
  await app.orm.close(true);
  const ready = await app.inject('/readyz');
  t.equal(ready.statusCode, 503);
  t.equal(ready.json().error.code, 'NOT_READY');
});
