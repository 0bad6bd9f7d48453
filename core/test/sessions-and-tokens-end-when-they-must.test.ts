// Sessions and API tokens against a running control plane: disabling a user, revoking a token and
// signing out take effect on the very next request; cross-site writes and password guessing are refused.
import t from 'tap';
import { createControlPlane } from '../src/kernel/app.js';
import { loadConfig } from '../src/kernel/config.js';
import { call, sessionCookie, signIn, startTestControlPlane, TEST_ADMIN } from './support/control-plane.js';

t.test('credentials', { timeout: 300_000 }, async (t) => {
  const plane = await startTestControlPlane();
  t.teardown(plane.close);
  const app = plane.app;
  const admin = { cookie: await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password) };
  const user = (await call(app, admin, 'POST', '/api/v1/users', { username: 'Dana', password: 'dana-password', role: 'user' })).body;

  t.test('a disabled user’s session and tokens stop working at once, and sign-in is refused', async (t) => {
    const session = { cookie: await signIn(app, 'dana', 'dana-password') };
    const token = { token: (await call(app, session, 'POST', '/api/v1/me/tokens', { name: 'ci' })).body.token };
    t.equal((await call(app, session, 'GET', '/api/v1/auth/me')).status, 200);
    t.equal((await call(app, token, 'GET', '/api/v1/auth/me')).status, 200);

    t.equal((await call(app, admin, 'PATCH', `/api/v1/users/${user.id}`, { disabled: true })).status, 200);
    t.equal((await call(app, session, 'GET', '/api/v1/auth/me')).body.error.code, 'UNAUTHENTICATED');
    t.equal((await call(app, token, 'GET', '/api/v1/projects')).status, 401);
    t.equal((await call(app, null, 'POST', '/api/v1/auth/login', { username: 'dana', password: 'dana-password' })).body.error.code, 'BAD_CREDENTIALS');

    t.equal((await call(app, admin, 'PATCH', `/api/v1/users/${user.id}`, { disabled: false })).status, 200);
    t.equal((await call(app, session, 'GET', '/api/v1/auth/me')).status, 401, 'the old session stays ended after re-enabling');
    t.equal((await call(app, token, 'GET', '/api/v1/auth/me')).status, 200, 'the token works again once the user is enabled');
  });

  t.test('a revoked token answers 401 TOKEN_REVOKED; other tokens keep working; last use is recorded', async (t) => {
    const session = { cookie: await signIn(app, 'dana', 'dana-password') };
    const first = (await call(app, session, 'POST', '/api/v1/me/tokens', { name: 'first' })).body;
    const second = (await call(app, session, 'POST', '/api/v1/me/tokens', { name: 'second' })).body;
    t.equal((await call(app, { token: first.token }, 'GET', '/api/v1/auth/me')).status, 200);
    const listed = (await call(app, session, 'GET', '/api/v1/me/tokens')).body.items;
    t.ok(listed.find((i: { id: string }) => i.id === first.id).lastUsedAt, 'lastUsedAt is set after use');
    t.equal(listed.find((i: { id: string }) => i.id === second.id).lastUsedAt, null);

    t.equal((await call(app, session, 'DELETE', `/api/v1/me/tokens/${first.id}`)).status, 204);
    const refused = await call(app, { token: first.token }, 'GET', '/api/v1/auth/me');
    t.same([refused.status, refused.body.error.code], [401, 'TOKEN_REVOKED']);
    t.equal((await call(app, { token: second.token }, 'GET', '/api/v1/auth/me')).status, 200);
    t.notOk((await call(app, session, 'GET', '/api/v1/me/tokens')).body.items.some((i: { id: string }) => i.id === first.id), 'a revoked token is no longer listed');
    t.equal((await call(app, { token: 'nlo_made-up' }, 'GET', '/api/v1/auth/me')).body.error.code, 'UNAUTHENTICATED');
    t.equal((await call(app, admin, 'DELETE', `/api/v1/me/tokens/${second.id}`)).status, 404, "another user's token is not yours to revoke");
  });

  t.test('signing out ends the session on the server, not just the cookie', async (t) => {
    const session = { cookie: await signIn(app, 'dana', 'dana-password') };
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: session.cookie } });
    t.equal(out.statusCode, 204);
    t.equal((await call(app, session, 'GET', '/api/v1/auth/me')).status, 401, 'replaying the old cookie fails');
  });

  t.test('the session cookie is httpOnly and SameSite', async (t) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dana', password: 'dana-password' } });
    const cookie = response.cookies.find((c) => c.name === 'nullops_session')!;
    t.equal(cookie.httpOnly, true);
    t.equal(cookie.sameSite, 'Lax');
    t.equal(cookie.secure, undefined, 'not Secure over plain http');
    t.ok(sessionCookie(response));
  });

  t.test('a cookie-authenticated write from a foreign Origin is refused with CSRF_REJECTED', async (t) => {
    const session = { cookie: await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password) };
    const body = { name: 'csrf-target', resources: { cpu: 1, memoryMb: 256 } };
    const forged = await call(app, session, 'POST', '/api/v1/projects', body, { origin: 'https://evil.example', host: 'localhost:7700' });
    t.same([forged.status, forged.body.error.code], [403, 'CSRF_REJECTED']);
    const refererForged = await call(app, session, 'DELETE', `/api/v1/users/${user.id}`, undefined, { referer: 'https://evil.example/x', host: 'localhost:7700' });
    t.equal(refererForged.status, 403);
    t.equal((await call(app, admin, 'GET', `/api/v1/users/${user.id}`)).status, 200, 'the forged delete did nothing');
    t.equal((await call(app, null, 'POST', '/api/v1/auth/login', { username: 'dana', password: 'dana-password' }, { origin: 'https://evil.example', host: 'localhost:7700' })).status, 403, 'login CSRF too');
    t.equal((await call(app, session, 'POST', '/api/v1/projects', body, { origin: 'http://localhost:7700', host: 'localhost:7700' })).status, 201, 'same origin passes');
    const token = (await call(app, session, 'POST', '/api/v1/me/tokens', { name: 'script' })).body.token;
    t.equal((await call(app, { token }, 'PATCH', '/api/v1/projects/' + (await call(app, admin, 'GET', '/api/v1/projects')).body.items[0].id, { description: 'x' }, { origin: 'https://elsewhere.example' })).status, 200, 'bearer tokens are not CSRF-able and pass');
  });

  t.test('20 rapid bad sign-ins are throttled with 429 and Retry-After; the right password is refused too while throttled', async (t) => {
    const statuses: number[] = [];
    let retryAfter: unknown;
    for (let i = 0; i < 20; i++) {
      const response = await call(app, null, 'POST', '/api/v1/auth/login', { username: 'root-admin', password: `guess-${i}` });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers['retry-after'];
    }
    t.same(statuses.slice(0, 10), Array(10).fill(401), 'the first ten are plain failures');
    t.same(statuses.slice(10), Array(10).fill(429), 'then every attempt is refused');
    t.ok(Number(retryAfter) > 0 && Number(retryAfter) <= 900, `Retry-After ${retryAfter}`);
    const right = await call(app, null, 'POST', '/api/v1/auth/login', TEST_ADMIN);
    t.same([right.status, right.body.error.code], [429, 'RATE_LIMITED']);
    t.equal((await call(app, admin, 'GET', '/api/v1/auth/me')).status, 200, 'existing sessions are unaffected');
  });
});

t.test('the first admin comes from the environment only while no admin exists', async (t) => {
  const plane = await startTestControlPlane({ adminUsername: 'first', adminPassword: 'first-password' });
  t.teardown(plane.close);
  const app = plane.app;
  const first = { cookie: await signIn(app, 'first', 'first-password') };
  t.equal((await call(app, first, 'GET', '/api/v1/auth/me')).body.user.role, 'admin');
  const users = (await call(app, first, 'GET', '/api/v1/users')).body;
  t.same(users.items.map((u: { username: string }) => u.username), ['first']);
  t.equal((await call(app, first, 'PATCH', `/api/v1/users/${users.items[0].id}`, { role: 'user' })).body.error.code, 'INVALID_STATE', 'the last admin cannot step down');

  // A restart on the same database with other admin settings creates nobody: an admin exists.
  const again = await createControlPlane(loadConfig({}, { databaseUrl: plane.controlPlane.databaseUrl, encryptionKey: plane.controlPlane.config.encryptionKey, adminUsername: 'second', adminPassword: 'second-password', drivers: { auth: 'auth-local', ingress: 'none', placement: [] } }), { logger: false });
  try {
    t.equal((await call(again.app, null, 'POST', '/api/v1/auth/login', { username: 'second', password: 'second-password' })).status, 401);
  } finally {
    await again.close();
  }
});
