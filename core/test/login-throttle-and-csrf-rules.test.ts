// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// The pure rules behind sign-in throttling, cross-site write refusal and audit redaction.
import t from 'tap';
import { LoginThrottle } from '../src/modules/identity/login-throttle.js';
import { isCrossSiteWrite } from '../src/modules/identity/csrf.js';
import { redact } from '../src/modules/audit/redact.js';
import { actionName, targetFromPath } from '../src/modules/audit/action.js';

t.test('failures per username are limited within the window, and the wait is told', async (t) => {
  let now = 1_000_000;
  const throttle = new LoginThrottle({ windowMs: 60_000, perUsername: 3, perAddress: 100 }, () => now);
  for (let i = 0; i < 3; i++) {
    t.same(throttle.check('Alice', '10.0.0.1'), { allowed: true });
    throttle.recordFailure('Alice', '10.0.0.1');
    now += 1000;
  }
  t.same(throttle.check('alice', '10.0.0.2'), { allowed: false, retryAfterSeconds: 57 }, 'same user from another address, case-insensitive');
  t.same(throttle.check('bob', '10.0.0.1'), { allowed: true }, 'another user from the same address is not blocked by the user limit');
  now += 57_000;
  t.same(throttle.check('alice', '10.0.0.1'), { allowed: true }, 'the oldest failure left the window');
});

t.test('failures per address are limited across usernames', async (t) => {
  let now = 0;
  const throttle = new LoginThrottle({ windowMs: 60_000, perUsername: 100, perAddress: 5 }, () => now);
  for (let i = 0; i < 5; i++) throttle.recordFailure(`user${i}`, '10.0.0.9');
  t.equal(throttle.check('someone-new', '10.0.0.9').allowed, false);
  t.equal(throttle.check('someone-new', '10.0.0.8').allowed, true);
  now = 60_001;
  t.equal(throttle.check('someone-new', '10.0.0.9').allowed, true);
});

t.test('a success clears the username’s failures but not the address’s', async (t) => {
  const throttle = new LoginThrottle({ windowMs: 60_000, perUsername: 2, perAddress: 3 }, () => 0);
  throttle.recordFailure('carol', '10.0.0.1');
  throttle.recordFailure('carol', '10.0.0.1');
  t.equal(throttle.check('carol', '10.0.0.2').allowed, false);
  throttle.recordSuccess('carol');
  t.equal(throttle.check('carol', '10.0.0.2').allowed, true);
  throttle.recordFailure('dave', '10.0.0.1');
  t.equal(throttle.check('erin', '10.0.0.1').allowed, false, 'the address still counts its three failures');
});

t.test('cross-site writes are recognised by Origin, then Referer', async (t) => {
  const cases: [Parameters<typeof isCrossSiteWrite>[0], boolean][] = [
    [{ method: 'POST', origin: 'https://evil.example', host: 'nullops.corp:7700' }, true],
    [{ method: 'POST', origin: 'http://nullops.corp:7700', host: 'nullops.corp:7700' }, false],
    [{ method: 'DELETE', origin: 'https://nullops.corp', host: '10.0.0.5:7700', publicUrl: 'https://nullops.corp/' }, false],
    [{ method: 'PATCH', origin: 'https://nullops.corp:8443', host: '10.0.0.5:7700', publicUrl: 'https://nullops.corp/' }, true],
    [{ method: 'POST', referer: 'https://evil.example/page', host: 'nullops.corp' }, true],
    [{ method: 'POST', referer: 'http://nullops.corp/studio/projects', host: 'nullops.corp' }, false],
    [{ method: 'POST', origin: 'null', host: 'nullops.corp' }, true],
    [{ method: 'POST', host: 'nullops.corp' }, false],
    [{ method: 'GET', origin: 'https://evil.example', host: 'nullops.corp' }, false],
  ];
  for (const [facts, expected] of cases) t.equal(isCrossSiteWrite(facts), expected, JSON.stringify(facts));
});

t.test('audit summaries drop secret fields at any depth', async (t) => {
  const out = redact({ username: 'u', password: 'p', nested: { apiToken: 't', list: [{ value: 'v', name: 'n' }], registryCredentials: { a: 1 } }, clientSecret: 's' });
  t.same(out, { username: 'u', password: '[redacted]', nested: { apiToken: '[redacted]', list: [{ value: '[redacted]', name: 'n' }], registryCredentials: '[redacted]' }, clientSecret: '[redacted]' });
});

t.test('audit actions and targets are named from the route', async (t) => {
  t.equal(actionName('POST', '/api/v1/projects'), 'projects.create');
  t.equal(actionName('PATCH', '/api/v1/projects/:id'), 'projects.update');
  t.equal(actionName('DELETE', '/api/v1/teams/:id/members/:userId'), 'teams.members.delete');
  t.equal(actionName('POST', '/api/v1/auth/login', 'auth.login'), 'auth.login');
  t.same(targetFromPath('/api/v1/projects/:id/grants/:teamId', { id: 'x', teamId: 'y' }), { type: 'project', id: 'x' });
  t.same(targetFromPath('/api/v1/environments/:id', { id: 'e' }), { type: 'environment', id: 'e' });
  t.equal(targetFromPath('/api/v1/projects', {}), null);
});
