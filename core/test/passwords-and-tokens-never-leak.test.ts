// Passwords, API tokens and session secrets never appear in the server log (at trace level), in the
// audit log (API and raw rows), or in any response other than the one that hands a token out.
import t from 'tap';
import { Writable } from 'node:stream';
import { call, signIn, startTestControlPlane, TEST_ADMIN } from './support/control-plane.js';

t.test('secrets stay out of logs, audit rows and responses', { timeout: 300_000 }, async (t) => {
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const plane = await startTestControlPlane({}, { logger: { level: 'trace', stream } });
  t.teardown(plane.close);
  const app = plane.app;
  const responses: string[] = [];
  const record = async (...args: Parameters<typeof call>) => {
    const response = await call(...args);
    responses.push(response.raw, JSON.stringify(response.headers));
    return response;
  };

  const admin = { cookie: await signIn(app, TEST_ADMIN.username, TEST_ADMIN.password) };
  const password = 'Pa55word-that-must-not-leak';
  const newPassword = 'Second-password-that-must-not-leak';
  const wrongPassword = 'Wrong-guess-that-must-not-leak';
  const user = (await record(app, admin, 'POST', '/api/v1/users', { username: 'erin', password, role: 'user' })).body;
  await record(app, null, 'POST', '/api/v1/auth/login', { username: 'erin', password: wrongPassword });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'erin', password } });
  const sessionSecret = login.cookies.find((c) => c.name === 'nullops_session')!.value;
  responses.push(login.body);
  const session = { cookie: `nullops_session=${sessionSecret}` };

  const created = await call(app, session, 'POST', '/api/v1/me/tokens', { name: 'ci' });
  const token = created.body.token as string;
  t.match(token, /^nlo_[A-Za-z0-9_-]{43}$/, 'the token is shown once, in the response that creates it');
  await record(app, { token }, 'GET', '/api/v1/auth/me');
  await record(app, { token }, 'GET', '/api/v1/me/tokens');
  await record(app, admin, 'PATCH', `/api/v1/users/${user.id}`, { password: newPassword });
  await record(app, admin, 'GET', `/api/v1/users/${user.id}`);
  await record(app, admin, 'GET', '/api/v1/users');
  await record(app, session, 'POST', '/api/v1/auth/logout');
  await record(app, { token: `${token}x` }, 'GET', '/api/v1/auth/me');

  const audit = await record(app, admin, 'GET', '/api/v1/audit?limit=500');
  t.ok(audit.body.total >= 6, 'the writes were audited');
  const loginRow = audit.body.items.find((i: { action: string; status: number; details: { body: { username?: string } } }) => i.action === 'auth.login' && i.status === 200 && i.details.body.username === 'erin');
  t.same(loginRow.details.body, { username: 'erin', password: '[redacted]' }, 'the audit summary keeps the username, not the password');
  const rawRows = JSON.stringify(await app.orm.em.fork().getConnection().execute('select * from audit_event'));
  const userRows = JSON.stringify(await app.orm.em.fork().getConnection().execute('select * from user_account'));
  const tokenRows = JSON.stringify(await app.orm.em.fork().getConnection().execute('select * from api_token'));

  const log = logLines.join('');
  t.ok(log.includes('erin') || log.includes('/api/v1/auth/login'), 'the log did capture the requests');
  for (const [what, secret] of [['password', password], ['new password', newPassword], ['wrong password', wrongPassword], ['API token', token], ['token body', token.slice(4)], ['session secret', sessionSecret]] as const) {
    t.notOk(log.includes(secret), `the ${what} is not in the log`);
    t.notOk(rawRows.includes(secret), `the ${what} is not in the audit rows`);
    t.notOk(responses.some((r) => r.includes(secret)), `the ${what} is in no other response`);
    t.notOk(userRows.includes(secret) || tokenRows.includes(secret), `the ${what} is not stored in clear`);
  }
});
