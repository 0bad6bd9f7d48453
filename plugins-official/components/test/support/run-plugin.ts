// Runs an official plugin's image the way the agent does — through the one runner, `@nullops/sdk/runner`
// (read-only root, no capabilities, the manifest's limits, the deadline) — on a test network.
import { randomBytes } from 'node:crypto';
import type { InvocationEnvelope } from '@nullops/core/contracts';
import { invokePlugin, type InvocationResult } from '@nullops/sdk/runner';
import { officialPlugin } from '../../src/official-plugins.js';
import { ensurePluginImage } from '../../src/images/plugin-image.js';
import { NODE_IMAGE } from '@nullops/core/testing';
import { docker, TEST_LABEL } from './world.js';

const images = new Map<string, Promise<string>>();

/** The plugin's image on the local Node.js base, built once per content (the tag carries the content hash). */
export function testImage(id: string): Promise<string> {
  if (!images.has(id)) images.set(id, ensurePluginImage(docker, officialPlugin(id), { baseImage: NODE_IMAGE, prefix: 'nullops-components-test' }).then((i) => i.reference));
  return images.get(id)!;
}

export interface PluginRun {
  result: InvocationResult;
  /** The one document the plugin wrote to stdout, parsed (undefined if there was none or it was not JSON). */
  document: unknown;
  stdout: string;
  logs: string[];
}

export async function runPlugin(id: string, envelope: InvocationEnvelope, network: string, options: { timeoutSeconds?: number; killAfterSeconds?: number } = {}): Promise<PluginRun> {
  const plugin = officialPlugin(id);
  const logs: string[] = [];
  const { deadline: _deadline, idempotencyKey, ...context } = envelope.context;
  const result = await invokePlugin(docker, {
    image: await testImage(id),
    manifest: plugin.manifest as never,
    stepId: idempotencyKey.split('/').pop() ?? 'step',
    action: envelope.action,
    params: envelope.params,
    context,
    idempotencyKey,
    container: { name: `${network}-${id}-${randomBytes(3).toString('hex')}`, labels: { [TEST_LABEL]: network }, network, alias: `${id}-plugin` },
    timeoutSeconds: options.timeoutSeconds,
    killAfterSeconds: options.killAfterSeconds ?? 10,
    signal: new AbortController().signal,
    onLogLine: (line) => logs.push(line),
  });
  const stdout = result.stdout ?? '';
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    document = undefined;
  }
  return { result, document, stdout, logs };
}
