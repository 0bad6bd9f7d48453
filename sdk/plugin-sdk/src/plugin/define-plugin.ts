// The process edge of a plugin: reads the envelope from stdin, runs `handleInvocation`, writes exactly one
// JSON document to stdout and exits with its code. SIGTERM (the agent's, at the timeout) and the
// envelope's deadline abort `context.signal`; a run that has not settled a few seconds later is reported
// as PLUGIN_TIMEOUT (deadline) or TERMINATED (signal) and the process exits 143 before SIGKILL arrives.
// `node main.js --manifest` prints the manifest as JSON instead (how TypeBox manifests become
// nullops-plugin.json).
import { PluginErrorCode } from '@nullops/core/contracts';
import { handleInvocation, type InvocationOutcome } from './handle-invocation.js';
import type { PluginDefinition, SchemaValue } from './plugin-definition.js';
import { PLUGIN_EXIT } from './plugin-error.js';
import { createPluginLog } from './plugin-log.js';

/** How long a run may take to settle after its signal was aborted (the agent kills 10 s after SIGTERM). */
const SETTLE_MS = 5000;

export function definePlugin<I, O, P = SchemaValue<I>, R = SchemaValue<O>>(definition: PluginDefinition<I, O, P, R>): Promise<number> {
  if (process.argv.includes('--manifest')) {
    process.stdout.write(`${JSON.stringify(definition.manifest, null, 2)}\n`);
    return Promise.resolve(0);
  }
  return serve(definition as PluginDefinition<unknown, unknown, unknown, unknown>);
}

async function serve(definition: PluginDefinition<unknown, unknown, unknown, unknown>): Promise<number> {
  const log = createPluginLog((line) => process.stderr.write(line), process.env.NULLOPS_LOG_LEVEL);
  const controller = new AbortController();
  let stopReason: { code: string; message: string } | undefined;
  let settle: ((outcome: InvocationOutcome) => void) | undefined;
  const stopped = new Promise<InvocationOutcome>((resolve) => (settle = resolve));
  const stop = (code: string, message: string) => {
    if (stopReason) return;
    stopReason = { code, message };
    log.warn(message);
    controller.abort(new Error(message));
    setTimeout(() => settle?.({ exitCode: PLUGIN_EXIT.terminated, document: { error: stopReason! } }), SETTLE_MS).unref();
  };
  const onTerm = () => stop('TERMINATED', 'received SIGTERM: stopping');
  process.once('SIGTERM', onTerm);
  process.once('SIGINT', onTerm);
  // A run whose promise can never settle (nothing left on the event loop) would otherwise end the
  // process with exit 0 and an empty stdout.
  const onBeforeExit = () => settle?.({ exitCode: PLUGIN_EXIT.failed, document: { error: { code: 'PLUGIN_ERROR', message: `${definition.manifest.name}: its run/rollback promise never settled and nothing was left to wait for; make sure run/rollback resolves or rejects.` } } });
  process.once('beforeExit', onBeforeExit);

  const stdin = await readStdin();
  const deadline = deadlineOf(stdin);
  const deadlineTimer = deadline === undefined ? undefined : setTimeout(() => stop(PluginErrorCode.timeout, `the deadline ${new Date(deadline).toISOString()} has passed: stopping`), Math.max(0, deadline - Date.now()));
  deadlineTimer?.unref();

  let outcome = await Promise.race([handleInvocation(definition, stdin, controller.signal, log), stopped]);
  // A run that settled because it was stopped reports why it stopped, not the abort error it threw.
  if (stopReason) outcome = { exitCode: PLUGIN_EXIT.terminated, document: { error: stopReason } };
  if ('error' in outcome.document) log.error(`${outcome.document.error.code}: ${outcome.document.error.message}`);
  if (deadlineTimer) clearTimeout(deadlineTimer);
  process.removeListener('SIGTERM', onTerm);
  process.removeListener('SIGINT', onTerm);
  process.removeListener('beforeExit', onBeforeExit);
  await new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(outcome.document)}\n`, () => resolve()));
  process.exitCode = outcome.exitCode;
  // Whatever the plugin left open (a pool, a keep-alive socket) must not keep the step running.
  setTimeout(() => process.exit(outcome.exitCode), 100).unref();
  return outcome.exitCode;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    if (process.stdin.isTTY) {
      process.stderr.write('Reading the invocation envelope from stdin (see PLUGIN-CONTRACT.md); press Ctrl-D to end it, or use `nullops-plugin run --input file.json`.\n');
    }
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

function deadlineOf(stdin: string): number | undefined {
  try {
    const at = Date.parse((JSON.parse(stdin) as { context?: { deadline?: string } }).context?.deadline ?? '');
    return Number.isNaN(at) ? undefined : at;
  } catch {
    return undefined;
  }
}
