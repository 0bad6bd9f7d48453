// The waiting loop of http-wait and tcp-wait: tries `probe` every interval until it reports ready, the
// plugin's own timeout passes, the run's deadline comes near, or the run is aborted.
import { setTimeout as delay } from 'node:timers/promises';
import { PluginError, type PluginLog } from '@nullops/sdk';

export type ProbeResult = { ready: true; detail: string } | { ready: false; detail: string };

export interface PollOptions {
  what: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** The invocation's deadline (ISO time): the loop gives up 2 s before it, with its own message. */
  deadline: string;
  signal: AbortSignal;
  log: PluginLog;
}

export async function pollUntilReady(probe: (signal: AbortSignal) => Promise<ProbeResult>, options: PollOptions): Promise<{ attempts: number; seconds: number; detail: string }> {
  const started = Date.now();
  const giveUpAt = Math.min(started + options.timeoutSeconds * 1000, Date.parse(options.deadline) - 2000);
  let attempts = 0;
  let last: string;
  let lastLogged = '';
  for (;;) {
    attempts++;
    const result = await probe(options.signal);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    if (result.ready) {
      options.log.info(`${options.what} is ready after ${seconds} s (${attempts} attempt${attempts === 1 ? '' : 's'}): ${result.detail}`);
      return { attempts, seconds, detail: result.detail };
    }
    last = result.detail;
    if (last !== lastLogged) {
      options.log.info(`${options.what} not ready yet: ${last}`);
      lastLogged = last;
    }
    if (options.signal.aborted) throw new PluginError('WAIT_ABORTED', `stopped while waiting for ${options.what}; last answer: ${last}`);
    if (Date.now() + options.intervalSeconds * 1000 > giveUpAt) {
      throw new PluginError('NOT_READY', `${options.what} was not ready after ${seconds} s (${attempts} attempt${attempts === 1 ? '' : 's'}); last answer: ${last}. Check that the service starts, or raise timeoutSeconds.`);
    }
    await delay(options.intervalSeconds * 1000, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/** A short text for a failed connection attempt: the error code when there is one. */
export function failureText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  const message = cause?.message ?? (error as Error).message;
  return code ? `${code}${message && !message.includes(code) ? ` (${message})` : ''}` : message;
}
