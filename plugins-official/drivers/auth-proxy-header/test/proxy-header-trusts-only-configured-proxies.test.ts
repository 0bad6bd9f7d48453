// The proxy-header driver against a running control plane: the user header counts only when the request
// comes from a trusted proxy address; users and teams are created on first sight and kept in sync.
import t from 'tap';
import { call, startTestControlPlane } from '@nullops/core/testing';
import { parseTrustedProxies } from '../src/trusted-proxies.js';

t.test('trusted proxy ranges', async (t) => {
  const trusted = parseTrustedProxies(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
  t.ok(trusted.includes('10.200.3.4'));
  t.ok(trusted.includes('::ffff:10.0.0.1'), 'IPv4-mapped IPv6 matches the IPv4 range');
  t.ok(trusted.includes('192.168.1.7'));
  t.notOk(trusted.includes('192.168.1.8'));
  t.ok(trusted.includes('fd12::1'));
  t.notOk(trusted.includes('127.0.0.1'));
  t.notOk(trusted.includes('not-an-address'));
  t.throws(() => parseTrustedProxies(['10.0.0.0/33']), /invalid prefix/);
  t.throws(() => parseTrustedProxies(['proxy.internal']), /not an IP address/);
});

t.test('the driver behind a proxy', { timeout: 300_000 }, async (t) => {
  const plane = await startTestControlPlane({
    drivers: { auth: 'auth-proxy-header' },
    driverOptions: { 'auth-proxy-header': { trustedProxies: ['10.0.0.0/8'], adminGroups: ['nullops-admins'] } },
  });
  t.teardown(plane.close);
  const app = plane.app;
  const viaProxy = async (method: string, url: string, headers: Record<string, string>, payload?: unknown, remoteAddress = '10.1.2.3') => {
    const response = await app.inject({ method: method as 'GET', url, headers, payload: payload as object, remoteAddress });
    return { status: response.statusCode, body: JSON.parse(response.body || 'null') };
  };

  t.test('from an untrusted address the header is ignored', async (t) => {
    const direct = await viaProxy('GET', '/api/v1/auth/me', { 'x-forwarded-user': 'mallory', 'x-forwarded-groups': 'nullops-admins' }, undefined, '203.0.113.9');
    t.same([direct.status, direct.body.error.code], [401, 'UNAUTHENTICATED']);
    const local = await viaProxy('GET', '/api/v1/auth/me', { 'x-forwarded-user': 'mallory' }, undefined, '127.0.0.1');
    t.equal(local.status, 401);
    const admin = await viaProxy('GET', '/api/v1/users', { 'x-forwarded-user': 'ops', 'x-forwarded-groups': 'nullops-admins' });
    t.notOk(admin.body.items.some((u: { username: string }) => u.username === 'mallory'), 'no user was created for the spoofed header');
  });

  t.test('from the proxy, users and teams are created on first sight and kept in sync', async (t) => {
    const first = await viaProxy('GET', '/api/v1/auth/me', { 'x-forwarded-user': 'Frank@Example.com', 'x-forwarded-groups': 'developers, qa' });
    t.equal(first.status, 200);
    t.same([first.body.user.username, first.body.user.role, first.body.user.external], ['frank@example.com', 'user', true]);
    t.same(first.body.teams.map((team: { name: string }) => team.name), ['developers', 'qa']);

    const later = await viaProxy('GET', '/api/v1/auth/me', { 'x-forwarded-user': 'frank@example.com', 'x-forwarded-groups': 'qa' });
    t.same(later.body.user.id, first.body.user.id, 'the same user on the next visit');
    t.same(later.body.teams.map((team: { name: string }) => team.name), ['qa'], 'memberships follow the groups header');

    const promoted = await viaProxy('GET', '/api/v1/users', { 'x-forwarded-user': 'frank@example.com', 'x-forwarded-groups': 'qa,nullops-admins' });
    t.equal(promoted.status, 200, 'a member of an admin group is an admin');
  });

  t.test('grants given to a proxy team apply to its members', async (t) => {
    const ops = { 'x-forwarded-user': 'ops', 'x-forwarded-groups': 'nullops-admins' };
    const project = await viaProxy('POST', '/api/v1/projects', ops, { name: 'shop', resources: { cpu: 1, memoryMb: 256 } });
    const teams = await viaProxy('GET', '/api/v1/teams', ops);
    const developers = teams.body.items.find((team: { name: string }) => team.name === 'developers');
    t.equal((await viaProxy('PUT', `/api/v1/projects/${project.body.id}/grants/${developers.id}`, ops, { access: 'read' })).status, 200);
    const grace = { 'x-forwarded-user': 'grace', 'x-forwarded-groups': 'developers' };
    const seen = await viaProxy('GET', `/api/v1/projects/${project.body.id}`, grace);
    t.same([seen.status, seen.body.access], [200, 'read']);
    t.equal((await viaProxy('GET', `/api/v1/projects/${project.body.id}`, { 'x-forwarded-user': 'heidi' })).status, 404, 'no group, no grant: hidden');
  });

  t.test('password sign-in is off; API tokens still work for scripts', async (t) => {
    const login = await call(app, null, 'POST', '/api/v1/auth/login', { username: 'frank@example.com', password: 'whatever-it-is' });
    t.equal(login.status, 404);
    const created = await viaProxy('POST', '/api/v1/me/tokens', { 'x-forwarded-user': 'grace', 'x-forwarded-groups': 'developers' }, { name: 'ci' });
    t.equal(created.status, 201);
    const me = await call(app, { token: created.body.token }, 'GET', '/api/v1/auth/me');
    t.same([me.status, me.body.user.username], [200, 'grace'], 'a token works from any address');
  });

  t.test('a disabled proxy user is refused although the proxy vouches for them', async (t) => {
    const ops = { 'x-forwarded-user': 'ops', 'x-forwarded-groups': 'nullops-admins' };
    const users = await viaProxy('GET', '/api/v1/users', ops);
    const grace = users.body.items.find((u: { username: string }) => u.username === 'grace');
    t.equal((await viaProxy('PATCH', `/api/v1/users/${grace.id}`, ops, { disabled: true })).status, 200);
    t.equal((await viaProxy('GET', '/api/v1/auth/me', { 'x-forwarded-user': 'grace' })).status, 401);
  });
});
