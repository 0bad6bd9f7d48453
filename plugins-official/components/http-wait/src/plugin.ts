// nullops/http-wait: asks a URL every interval until the answer counts as ready.
import type { PluginDefinition } from '@nullops/sdk';
import { isExpectedStatus } from '../../src/http/expected-status.js';
import { failureText, pollUntilReady, type ProbeResult } from '../../src/waiting/poll-until-ready.js';
import { manifest, type input, type output } from './manifest.js';

export const httpWait: PluginDefinition<typeof input, typeof output> = {
  manifest,
  async run(params, context, log) {
    let status = 0;
    const probe = async (signal: AbortSignal): Promise<ProbeResult> => {
      try {
        const response = await fetch(params.url, { method: params.method, headers: params.headers, redirect: 'manual', signal: AbortSignal.any([signal, AbortSignal.timeout(params.requestTimeoutSeconds * 1000)]) });
        const body = params.bodyContains !== undefined ? await response.text() : (await response.body?.cancel(), '');
        if (!isExpectedStatus(response.status, params.expectStatus)) return { ready: false, detail: `HTTP ${response.status}` };
        if (params.bodyContains !== undefined && !body.includes(params.bodyContains)) return { ready: false, detail: `HTTP ${response.status}, body without "${params.bodyContains}"` };
        status = response.status;
        return { ready: true, detail: `HTTP ${response.status}` };
      } catch (error) {
        return { ready: false, detail: failureText(error) };
      }
    };
    const waited = await pollUntilReady(probe, { what: `${params.method} ${params.url}`, intervalSeconds: params.intervalSeconds, timeoutSeconds: params.timeoutSeconds, deadline: context.deadline, signal: context.signal, log });
    return { status, attempts: waited.attempts, seconds: waited.seconds };
  },
};
