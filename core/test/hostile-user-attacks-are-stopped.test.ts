// What a hostile signed-in (or not yet signed-in) user tried against the API (issue 16), each written as
// the attack, with what must hold instead: oversized and pathological pipelines are refused with a clear
// 413/422 instead of stalling or crashing the control plane; NUL, control characters, lone surrogates and
// huge numbers anywhere in a request are a 400 naming the field; an action and its audit row commit
// together or not at all; sign-in throttling cannot be side-stepped; a forged Bearer header does not
// switch the cross-site check off.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { call, signIn, startTestControlPlane, TEST_ADMIN } from './support/control-plane.js';

/** A chain of `n` job steps, each needing the one before: what a user can paste into a body. */
function chain(n: number, cycle = false) {
  const steps = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, kind: 'job', service: 'web', command: ['true'] }));
  const edges = steps.slice(1).map((step, i) => ({ from: `s${i}`, to: step.id }));
  if (cycle) edges.push({ from: `s${n - 1}`, to: 's0' });
  return { steps, edges };
}

t.test('a hostile user', { timeout: 600_000 }, async (t) => {
  const plane = await startTestControlPlane();
  t.teardown(plane.close);
  const app = plane.app;
  const admin = { cookie: await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password) };
  const project = (await call(app, admin, 'POST', '/api/v1/projects', { name: 'shop', resources: { cpu: 2, memoryMb: 2048 } })).body;
  const reader = (await call(app, admin, 'POST', '/api/v1/users', { username: 'reader', password: 'reader-password', role: 'user' })).body;
  const team = (await call(app, admin, 'POST', '/api/v1/teams', { name: 'readers' })).body;
  await call(app, admin, 'POST', `/api/v1/teams/${team.id}/members`, { userId: reader.id });
  t.equal((await call(app, admin, 'PUT', `/api/v1/projects/${project.id}/grants/${team.id}`, { access: 'read' })).status, 200);
  const readerSession = { cookie: await signIn(app, 'reader', 'reader-password') };
  const auditOf = async (action: string) => (await call(app, admin, 'GET', `/api/v1/audit?action=${action}&limit=500`)).body.items as { status: number; details: any; target: any }[];

  t.test('a read-only user cannot stall or crash the control plane with a pipeline', async (t) => {
    const validate = (definition: unknown) => call(app, readerSession, 'POST', `/api/v1/projects/${project.id}/pipeline/validate`, { definition });
    const huge = await validate(chain(10_000));
    t.equal(huge.status, 413, 'a 10,000-step chain (about 1 MB) is refused before any work, not validated for seconds');
    t.equal(huge.body.error.code, 'PAYLOAD_TOO_LARGE');
    t.match(huge.body.error.message, /512 KiB/, 'the message names the limit');

    const many = await validate(chain(2_000));
    t.equal(many.status, 200);
    t.equal(many.body.valid, false);
    t.match(many.body.errors, [{ code: 'DEFINITION_TOO_LARGE', path: '/steps', message: /2000 steps; at most 300/ }], 'more steps than the cap: one clear error');

    const ring = await validate(chain(300, true));
    t.equal(ring.status, 200, 'a 300-step cycle is reported, not a 500 from the graph walk');
    t.ok(ring.body.errors.some((e: { code: string }) => e.code === 'CYCLE'));

    // Written out by hand: JSON.stringify itself gives up on 5,000 levels.
    const layout = `${'{"nested":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const body = `{"definition":{"steps":${JSON.stringify(chain(2).steps)},"edges":${JSON.stringify(chain(2).edges)},"layout":${layout}}}`;
    const deep = await call(app, admin, 'POST', `/api/v1/projects/${project.id}/pipeline/versions`, body, { 'content-type': 'application/json' });
    t.equal(deep.status, 422, 'a 5,000-deep layout is refused with 422, not a 500 from the database');
    t.equal(deep.body.error.code, 'PIPELINE_INVALID');
    t.match(deep.body.error.details.errors[0], { code: 'DEFINITION_TOO_LARGE', path: /^\/layout/ });

    const long = await validate({ steps: [{ id: 'a', kind: 'job', service: 'web', command: ['x'.repeat(100_000)] }], edges: [] });
    t.match(long.body.errors, [{ code: 'DEFINITION_TOO_LARGE', path: '/steps/0/command/0' }], 'an over-long string is named by its path');
    t.equal((await call(app, admin, 'GET', '/healthz')).status, 200, 'the control plane still answers');
  });

  t.test('NUL, control characters and lone surrogates are a 400 naming the field, never a 500', async (t) => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/api/v1/projects', { name: 'nul', description: 'a\u0000b', resources: { cpu: 1, memoryMb: 256 } }, 'body/description'],
      ['POST', '/api/v1/projects', { name: 'surrogate', description: 'a\ud800b', resources: { cpu: 1, memoryMb: 256 } }, 'body/description'],
      ['PATCH', `/api/v1/projects/${project.id}`, { description: 'bell\u0007' }, 'body/description'],
      ['POST', '/api/v1/teams', { name: 'x\u0000' }, 'body/name'],
      ['POST', `/api/v1/projects/${project.id}/pipeline/versions`, { definition: chain(1), message: 'saved\u0000' }, 'body/message'],
      ['POST', `/api/v1/projects/${project.id}/pipeline/validate`, { definition: { steps: [{ id: 'a', kind: 'job', service: 'web', command: ['\u0000'] }], edges: [] } }, 'body/definition/steps/0/command/0'],
      ['POST', `/api/v1/projects/${project.id}/pipeline/validate`, { definition: { steps: [], edges: [], layout: { 'k\u0000': 1 } } }, 'body/definition/layout/k'],
      ['GET', '/api/v1/audit?target=%00', undefined, 'querystring/target'],
      ['GET', '/api/v1/audit?actor=%1B%5B31m', undefined, 'querystring/actor'],
      ['PUT', `/api/v1/projects/${project.id}/secrets/A%00B`, { value: 'v' }, 'params/name'],
      ['DELETE', `/api/v1/projects/${project.id}/secrets/A%00B`, undefined, 'params/name'],
    ];
    for (const [method, url, body, field] of cases) {
      const answer = await call(app, admin, method, url, body);
      t.equal(answer.status, 400, `${method} ${url} ${JSON.stringify(body)} → 400`);
      t.equal(answer.body?.error?.code, 'VALIDATION_FAILED');
      t.match(answer.body?.error?.details?.errors?.[0]?.path ?? '', field, `names ${field}`);
    }
    t.equal((await call(app, admin, 'GET', `/api/v1/projects/${project.id}`)).body.description ?? '', project.description ?? '', 'nothing was changed');
    t.notOk((await call(app, admin, 'GET', '/api/v1/projects')).body.items.some((p: { name: string }) => p.name === 'surrogate'), 'no project was created');
    const multiLine = await call(app, admin, 'POST', '/api/v1/projects', { name: 'multi', description: 'line one\nline two\ttabbed\r\n', resources: { cpu: 1, memoryMb: 256 } });
    t.equal(multiLine.status, 201, 'line breaks and tabs in body text are still fine');
  });

  t.test('huge numbers in query and path values are a 400, never a 500', async (t) => {
    for (const url of ['/api/v1/projects?offset=1e20', '/api/v1/projects?offset=99999999999999999999', '/api/v1/audit?offset=99999999999999999999', '/api/v1/deployments?limit=1&offset=1e300', `/api/v1/projects/${project.id}/pipeline/versions/99999999999999999999`]) {
      const answer = await call(app, admin, 'GET', url);
      t.equal(answer.status, 400, `${url} → 400`);
      t.equal(answer.body.error.code, 'VALIDATION_FAILED');
    }
    t.equal((await call(app, admin, 'GET', '/api/v1/projects?offset=2147483647')).status, 200, 'the largest allowed offset still answers');
  });

  t.test('a refused request is audited even when its body holds NUL or a lone surrogate', async (t) => {
    const name = `hidden-${randomUUID().slice(0, 8)}`;
    // Refused for two reasons at once (not an admin, and bad text): whichever answers, the attempt is kept.
    t.equal((await call(app, readerSession, 'POST', '/api/v1/projects', { name, description: 'x\u0000y', resources: { cpu: 1, memoryMb: 256 } })).status, 403);
    t.equal((await call(app, readerSession, 'POST', '/api/v1/teams', { name, extra: { 'k\ud800': 'v\ud800' } })).status, 403);
    t.equal((await call(app, admin, 'POST', '/api/v1/teams', { name, description: 'x\u0000y' })).status, 400);
    const rows = (await auditOf('projects.create')).concat(await auditOf('teams.create')).filter((row) => row.details?.body?.name === name);
    t.equal(rows.length, 3, 'every refused attempt is in the audit log');
    t.same(rows.map((row) => row.status).sort(), [400, 403, 403]);
    t.match(JSON.stringify(rows), /x\\ufffdy|x\uFFFDy/, 'the unstorable character is kept as U+FFFD');
  });

  t.test('an action and its audit row commit together or not at all', async (t) => {
    const kept = (await call(app, admin, 'POST', '/api/v1/projects', { name: 'keep-me', resources: { cpu: 1, memoryMb: 256 } })).body;
    // The audit insert fails for one project name only (a stand-in for any reason an insert can fail).
    const db = app.orm.em.getConnection();
    await db.execute(`create function refuse_audit() returns trigger language plpgsql as $$ begin
      if new.details->'body'->>'name' = 'unaudited' or new.target_id = '${kept.id}' then raise exception 'audit refused'; end if;
      return new; end $$`);
    await db.execute(`create trigger refuse_audit before insert on audit_event for each row execute function refuse_audit()`);
    t.teardown(async () => {
      await db.execute('drop trigger refuse_audit on audit_event');
      await db.execute('drop function refuse_audit');
    });

    const created = await call(app, admin, 'POST', '/api/v1/projects', { name: 'unaudited', resources: { cpu: 1, memoryMb: 256 } });
    t.equal(created.status, 500, 'the caller is told it failed');
    t.notOk((await call(app, admin, 'GET', '/api/v1/projects')).body.items.some((p: { name: string }) => p.name === 'unaudited'), 'no project exists without its audit row');

    t.equal((await call(app, admin, 'DELETE', `/api/v1/projects/${kept.id}`)).status, 500);
    t.equal((await call(app, admin, 'GET', `/api/v1/projects/${kept.id}`)).status, 200, 'a deletion whose audit row failed did not happen');
    t.equal((await call(app, admin, 'PATCH', `/api/v1/projects/${kept.id}`, { description: 'changed' })).status, 500);
    t.not((await call(app, admin, 'GET', `/api/v1/projects/${kept.id}`)).body.description, 'changed', 'an update whose audit row failed did not happen');

    const token = await call(app, admin, 'POST', '/api/v1/me/tokens', { name: 'audited' });
    t.equal(token.status, 201, 'other changes still commit');
    t.ok((await auditOf('tokens.create')).some((row) => row.target?.id === token.body.id), 'with their audit row');
  });

  t.test('sign-in throttling cannot be side-stepped with whitespace, case or malformed attempts', async (t) => {
    await call(app, admin, 'POST', '/api/v1/users', { username: 'thr', password: 'thr-password', role: 'user' });
    const login = (username: unknown, password: unknown, from: string) =>
      app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } as object, remoteAddress: from });
    for (let i = 0; i < 10; i++) t.equal((await login('thr', 'wrong', `10.1.0.${i}`)).statusCode, 401);
    t.equal((await login('thr', 'thr-password', '10.1.1.1')).statusCode, 429, 'thr is locked');
    t.equal((await login('thr ', 'thr-password', '10.1.1.2')).statusCode, 429, '"thr " is the same user and is locked too');
    t.equal((await login(' THR', 'thr-password', '10.1.1.3')).statusCode, 429, '" THR" as well');

    const malformed = (i: number) => [{ username: `x${i}\u0000`, password: 'p' }, { username: `x${i}`, password: 7 }, { username: undefined, password: 'p' }][i % 3];
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) statuses.add((await login(malformed(i).username, malformed(i).password, '10.2.0.1')).statusCode);
    t.same([...statuses], [400], 'malformed attempts are a 400, never a 500');
    const after = await login(TEST_ADMIN.username, TEST_ADMIN.password, '10.2.0.1');
    t.equal(after.statusCode, 429, 'fifty malformed attempts count against the address like fifty wrong passwords');
    t.equal((await login(TEST_ADMIN.username, TEST_ADMIN.password, '10.2.0.2')).statusCode, 200, 'another address is not blocked');
  });

  t.test('a malformed Bearer header does not switch off the cross-site check for a cookie', async (t) => {
    const foreign = { origin: 'https://evil.example' };
    const forged = await call(app, readerSession, 'POST', '/api/v1/me/tokens', { name: 'forged' }, { ...foreign, authorization: 'Bearer a b' });
    t.equal(forged.status, 403, 'cookie + foreign Origin + "Bearer a b" is refused');
    t.equal(forged.body.error.code, 'CSRF_REJECTED');
    const unknown = await call(app, readerSession, 'POST', '/api/v1/me/tokens', { name: 'forged' }, { ...foreign, authorization: 'Bearer nlo_not-a-token' });
    t.not(unknown.status, 201, 'an unknown token is refused as well');
    const token = (await call(app, readerSession, 'POST', '/api/v1/me/tokens', { name: 'ci' })).body.token;
    const real = await call(app, { token }, 'POST', '/api/v1/me/tokens', { name: 'from-ci' }, foreign);
    t.equal(real.status, 201, 'a request that authenticated by its token may come from anywhere');
    t.notOk((await call(app, readerSession, 'GET', '/api/v1/me/tokens')).body.items.some((i: { name: string }) => i.name === 'forged'), 'no token was created by the forged requests');
  });
});
