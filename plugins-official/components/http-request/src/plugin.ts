// nullops/http-request: one request, the response as outputs (status, headers, body and `extract`ed fields).
import { PluginError, type PluginDefinition } from '@nullops/sdk';
import { isExpectedStatus } from '../../src/http/expected-status.js';
import { failureText } from '../../src/waiting/poll-until-ready.js';
import { lookupPointer } from './json-pointer.js';
import { manifest, type input, type output } from './manifest.js';

const RESERVED = new Set(['status', 'headers', 'body']);

export const httpRequest: PluginDefinition<typeof input, typeof output> = {
  manifest,
  async run(params, context, log) {
    const clash = Object.keys(params.extract).find((name) => RESERVED.has(name));
    if (clash) throw new PluginError('EXTRACT_NAME_RESERVED', `extract cannot name an output "${clash}": status, headers and body are always returned; pick another name`, 2);
    const headers: Record<string, string> = { accept: 'application/json', ...params.headers };
    if (params.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    if (params.bearerToken) headers.authorization = `Bearer ${params.bearerToken}`;
    let response: Response;
    try {
      response = await fetch(params.url, {
        method: params.method,
        headers,
        body: params.body === undefined ? undefined : JSON.stringify(params.body),
        signal: AbortSignal.any([context.signal, AbortSignal.timeout(params.timeoutSeconds * 1000)]),
      });
    } catch (error) {
      throw new PluginError('HTTP_UNREACHABLE', `${params.method} ${params.url} failed: ${failureText(error)}`);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: the text is the body
    }
    log.info(`${params.method} ${params.url} → HTTP ${response.status} (${text.length} bytes)`);
    if (!isExpectedStatus(response.status, params.expectStatus)) {
      throw new PluginError('HTTP_STATUS', `${params.method} ${params.url} answered HTTP ${response.status}, expected ${params.expectStatus?.join(', ') ?? 'a 2xx status'}: ${text.slice(0, 500)}`);
    }
    const extracted: Record<string, unknown> = {};
    for (const [name, pointer] of Object.entries(params.extract)) {
      const found = lookupPointer(body, pointer);
      if (!found.found) throw new PluginError('EXTRACT_NOT_FOUND', `extract "${name}": the response body has nothing at "${pointer}" (body: ${text.slice(0, 300)})`);
      extracted[name] = found.value;
    }
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body, ...extracted };
  },
};
