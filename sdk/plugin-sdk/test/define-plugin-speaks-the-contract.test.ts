// A plugin written with definePlugin, run as a real process the way the agent runs its entrypoint:
// envelope on stdin, exactly one JSON document on stdout, levelled logs on stderr, stable exit codes.
import t from 'tap';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const plugin = fileURLToPath(new URL('../../test/fixtures/echo-plugin.mjs', import.meta.url));

function envelope(params: Record<string, unknown>, overrides: Record<string, unknown> = {}, deadlineMs = 60_000) {
  return {
    apiVersion: 'nullops.dev/v1',
    action: 'run',
    params,
    context: {
      deployment: { id: 'd1', name: 'pr-1', project: 'shop', environment: 'qa' },
      services: {},
      outputs: {},
      attempt: 1,
      idempotencyKey: 'd1/1/greet',
      deadline: new Date(Date.now() + deadlineMs).toISOString(),
    },
    ...overrides,
  };
}

function runPlugin(stdin: string, options: { env?: Record<string, string>; termWhenStderr?: RegExp } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [plugin], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => {
      stderr += c;
      // SIGTERM once the run has started (the handler is installed before the run begins).
      if (options.termWhenStderr?.test(stderr) && !child.killed) child.kill('SIGTERM');
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** The one JSON document on stdout; more or fewer lines fail the test. */
function onlyDocument(stdout: string): Record<string, any> {
  const lines = stdout.split('\n').filter(Boolean);
  if (lines.length !== 1) throw new Error(`stdout must hold exactly one line, it held ${lines.length}: ${stdout}`);
  return JSON.parse(lines[0]);
}

t.test('run: defaults applied, outputs on stdout, logs with levels on stderr', async (t) => {
  const result = await runPlugin(JSON.stringify(envelope({ name: 'Ada' })));
  t.equal(result.code, 0);
  t.same(onlyDocument(result.stdout), { outputs: { message: 'hello, Ada (greet)' } });
  t.match(result.stderr, /^INFO  greeting Ada$/m);
  t.notMatch(result.stderr, /a debug line/, 'debug is hidden by default');
  const verbose = await runPlugin(JSON.stringify(envelope({ name: 'Ada' })), { env: { NULLOPS_LOG_LEVEL: 'debug' } });
  t.match(verbose.stderr, /^DEBUG a debug line$/m, 'NULLOPS_LOG_LEVEL=debug shows it');
});

t.test('params that fail the schema exit 2 naming every failing path, nothing else on stdout', async (t) => {
  const result = await runPlugin(JSON.stringify(envelope({ name: '', extra: 1 })));
  t.equal(result.code, 2);
  const document = onlyDocument(result.stdout);
  t.equal(document.error.code, 'PLUGIN_BAD_PARAMS');
  t.match(document.error.message, '/name');
  t.match(document.error.message, '/extra');
});

t.test('a wrong apiVersion, garbage and an empty stdin are refused with what to do', async (t) => {
  const wrong = await runPlugin(JSON.stringify(envelope({ name: 'x' }, { apiVersion: 'nullops.dev/v9' })));
  t.equal(wrong.code, 2);
  t.equal(onlyDocument(wrong.stdout).error.code, 'API_VERSION_UNSUPPORTED');
  const garbage = await runPlugin('{not json');
  t.equal(garbage.code, 2);
  t.equal(onlyDocument(garbage.stdout).error.code, 'ENVELOPE_INVALID');
  const empty = await runPlugin('');
  t.match(onlyDocument(empty.stdout).error.message, /nullops-plugin run --input/);
});

t.test('a PluginError becomes its code and exit 1; outputs off-schema are PLUGIN_BAD_OUTPUT', async (t) => {
  const failed = await runPlugin(JSON.stringify(envelope({ name: 'Bob', fail: true })));
  t.equal(failed.code, 1);
  t.same(onlyDocument(failed.stdout), { error: { code: 'ECHO_REFUSED', message: 'refusing to greet Bob' } });
  t.match(failed.stderr, /^ERROR ECHO_REFUSED: refusing to greet Bob$/m);
  const bad = await runPlugin(JSON.stringify(envelope({ name: 'Bob', badOutput: true })));
  t.equal(bad.code, 1);
  t.equal(onlyDocument(bad.stdout).error.code, 'PLUGIN_BAD_OUTPUT');
});

t.test('a run that can never settle is a failure, not an empty exit 0', async (t) => {
  const result = await runPlugin(JSON.stringify(envelope({ name: 'Ada', never: true })));
  t.equal(result.code, 1);
  t.match(onlyDocument(result.stdout).error.message, /never settled/);
});

t.test('rollback gets its own outputs from the context', async (t) => {
  const input = envelope({ name: 'Ada' }, { action: 'rollback' }) as any;
  input.context.outputs = { greet: { message: 'hello, Ada' } };
  const result = await runPlugin(JSON.stringify(input));
  t.equal(result.code, 0);
  t.same(onlyDocument(result.stdout), { outputs: {} });
  t.match(result.stderr, /undoing hello, Ada/);
});

t.test('SIGTERM aborts the signal and still writes one document, exit 143', async (t) => {
  const result = await runPlugin(JSON.stringify(envelope({ name: 'Ada', hang: true })), { termWhenStderr: /greeting Ada/ });
  t.equal(result.code, 143);
  t.equal(onlyDocument(result.stdout).error.code, 'TERMINATED');
});

t.test('the deadline aborts the run as PLUGIN_TIMEOUT', async (t) => {
  const result = await runPlugin(JSON.stringify(envelope({ name: 'Ada', hang: true }, {}, 300)));
  t.equal(result.code, 143);
  t.equal(onlyDocument(result.stdout).error.code, 'PLUGIN_TIMEOUT');
});

t.test('--manifest prints the manifest with its schemas as JSON', async (t) => {
  const output = await new Promise<string>((resolve) => {
    const child = spawn(process.execPath, [plugin, '--manifest']);
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.on('close', () => resolve(text));
  });
  const manifest = JSON.parse(output);
  t.equal(manifest.name, 'test/echo');
  t.equal(manifest.input.properties.greeting.default, 'hello');
});
