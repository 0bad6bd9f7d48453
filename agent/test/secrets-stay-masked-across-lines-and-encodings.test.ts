// What a job printed to get a secret past the log masking (issue 16): a multi-line secret (a PEM key)
// printed line by line — logs are masked one line at a time — and secrets printed JSON-escaped, in
// base64 or URL-encoded. Every line goes through the agent's masker, as DeploymentRun does before a
// line is sent to the control plane; none may carry the secret in any of those forms.
import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { MASK, createMasker } from '../src/observability/masking.js';

const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const password = 'pa"ss\\wörd/with+quote';
const mask = createMasker([pem, password]);

/** Every piece of the key material that would help someone rebuild it. */
const keyBody = pem
  .split('\n')
  .filter((line) => line && !line.startsWith('-----'))
  .join('');

t.test('a PEM key printed line by line is masked on every line', async (t) => {
  const printed = `starting job\n${pem}done\n`.split('\n').map(mask);
  const shown = printed.join('\n');
  for (const line of pem.split('\n').filter((l) => l.length >= 6)) t.notOk(shown.includes(line), `line "${line.slice(0, 12)}…" is not shown`);
  t.notOk(shown.replace(/\n/g, '').includes(keyBody.slice(0, 32)), 'no stretch of the key body is left');
  t.ok(printed.includes('starting job') && printed.includes('done'), 'other lines are untouched');
});

t.test('secrets printed JSON-escaped, in base64 or URL-encoded are masked', async (t) => {
  const lines = [
    JSON.stringify({ key: pem }),
    JSON.stringify({ password }),
    `export PASSWORD_B64=${Buffer.from(password).toString('base64')}`,
    `echo ${Buffer.from(password).toString('base64url')}`,
    `url=postgres://app:${encodeURIComponent(password)}@db/app`,
    `key=${Buffer.from(pem).toString('base64')}`,
  ];
  for (const line of lines) {
    const shown = mask(line);
    t.ok(shown.includes(MASK), `masked: ${shown.slice(0, 60)}`);
    for (const form of [password, JSON.stringify(password).slice(1, -1), Buffer.from(password).toString('base64').replace(/=+$/, ''), encodeURIComponent(password), keyBody.slice(0, 32)]) {
      t.notOk(shown.includes(form), `does not show ${form.slice(0, 16)}…`);
    }
  }
});

t.test('short or absent secrets do not mangle ordinary output', async (t) => {
  const plain = createMasker(['']);
  t.equal(plain('hello world'), 'hello world');
  t.equal(createMasker(['line one\n}\nline two-long']).call(null, '}'), '}', 'a lone "}" of a multi-line secret is not hidden everywhere');
});
