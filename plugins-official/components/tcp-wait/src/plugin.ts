// nullops/tcp-wait: opens a TCP connection every interval until one is accepted.
import { connect } from 'node:net';
import type { PluginDefinition } from '@nullops/sdk';
import { failureText, pollUntilReady, type ProbeResult } from '../../src/waiting/poll-until-ready.js';
import { manifest, type input, type output } from './manifest.js';

function tryConnect(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs, signal });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ ready: true, detail: 'connection accepted' });
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve({ ready: false, detail: `no answer within ${timeoutMs / 1000} s` });
    });
    socket.once('error', (error) => resolve({ ready: false, detail: failureText(error) }));
  });
}

export const tcpWait: PluginDefinition<typeof input, typeof output> = {
  manifest,
  async run(params, context, log) {
    const waited = await pollUntilReady((signal) => tryConnect(params.host, params.port, params.connectTimeoutSeconds * 1000, signal), {
      what: `${params.host}:${params.port}`,
      intervalSeconds: params.intervalSeconds,
      timeoutSeconds: params.timeoutSeconds,
      deadline: context.deadline,
      signal: context.signal,
      log,
    });
    return { attempts: waited.attempts, seconds: waited.seconds };
  },
};
