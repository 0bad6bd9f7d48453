// The contract documents published as JSON Schema (core/dist/schemas, `@nullops/core/schemas/*`) and
// listed in docs/contract-reference.md: one name and one TypeBox schema each, plus every protocol payload.
import type { TSchema } from '@sinclair/typebox';
import { InvocationEnvelope, PluginManifest, PluginResult } from './component.js';
import { IngressFeedFrame, RouteTable } from './ingress.js';
import { Plan } from './plan.js';
import { Frame, MESSAGES } from './protocol.js';

export interface ContractDocument {
  /** File name without `.json`, e.g. `plugin-manifest`. */
  name: string;
  /** One line: what the document is and who writes it. */
  summary: string;
  schema: TSchema;
}

export const CONTRACT_DOCUMENTS: readonly ContractDocument[] = [
  { name: 'plugin-manifest', summary: 'A component plugin\'s manifest (`nullops.json` / the registry\'s `manifest`): what it is, its image, its input and output schemas.', schema: PluginManifest },
  { name: 'invocation-envelope', summary: 'What the agent writes to a plugin container\'s stdin for one run.', schema: InvocationEnvelope },
  { name: 'plugin-result', summary: 'What a plugin writes as the last line of its stdout.', schema: PluginResult },
  { name: 'plan', summary: 'One deployment rendered for an agent: what `deploy` carries.', schema: Plan },
  { name: 'route-table', summary: 'The ingress route table the control plane publishes.', schema: RouteTable },
  { name: 'ingress-feed-frame', summary: 'One frame of the ingress feed (WebSocket) an ingress proxy dials.', schema: IngressFeedFrame },
  { name: 'protocol-frame', summary: 'The envelope of every control plane ↔ agent frame.', schema: Frame },
  ...Object.entries(MESSAGES).map(([type, spec]) => ({
    name: `protocol-${type.replace('.', '-')}`,
    summary: `The payload of \`${type}\` (${spec.kind}, sent by ${spec.from === 'cp' ? 'the control plane' : spec.from === 'agent' ? 'the agent' : 'either side'}).`,
    schema: spec.payload,
  })),
  ...Object.entries(MESSAGES).flatMap(([type, spec]) =>
    'reply' in spec ? [{ name: `protocol-${type.replace('.', '-')}-reply`, summary: `What the agent's \`ack\` to \`${type}\` carries.`, schema: spec.reply }] : [],
  ),
];
