// docs/contract-reference.md, generated from the TypeBox contracts (CONTRACT_DOCUMENTS): each document's
// name, what it is, and its JSON Schema. `npm run docs:contracts` writes it; a test fails when it is stale.
import { CONTRACT_DOCUMENTS } from '../contracts/documents.js';
import { AgentErrorCode, PROTOCOL_VERSION, AGENT_WS_PATH, CLOSE_INCOMPATIBLE } from '../contracts/protocol.js';

export function renderContractReference(): string {
  const lines = [
    '# Contract reference',
    '',
    '<!-- Generated from core/src/contracts by `npm run docs:contracts`; do not edit by hand. -->',
    '',
    'The JSON Schemas of everything the parts of NullOps exchange, generated from the TypeBox contracts in',
    '`core/src/contracts` (`@nullops/core/contracts`). The same schemas are published as files in',
    '`@nullops/core/schemas/<name>.json`. The prose is in [agent-protocol.md](agent-protocol.md) and',
    '[plugin-contract.md](plugin-contract.md).',
    '',
    `Agent protocol version ${PROTOCOL_VERSION}, spoken on \`wss://<agent>${AGENT_WS_PATH}\`; close code ${CLOSE_INCOMPATIBLE} means the versions do not match.`,
    '',
    '| document | what |',
    '|---|---|',
    ...CONTRACT_DOCUMENTS.map((d) => `| [\`${d.name}\`](#${d.name}) | ${d.summary.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const document of CONTRACT_DOCUMENTS) {
    lines.push(`## ${document.name}`, '', document.summary, '', '```json', JSON.stringify(document.schema, null, 2), '```', '');
  }
  lines.push(
    '## Agent protocol error codes',
    '',
    'Every code an `error` frame, a `status.error` or a request the control plane could not deliver carries (`AgentErrorCode` in `core/src/contracts/protocol.ts`).',
    '',
    '| code | name in `AgentErrorCode` |',
    '|---|---|',
    ...Object.entries(AgentErrorCode).map(([name, code]) => `| \`${code}\` | \`${name}\` |`),
    '',
  );
  return lines.join('\n');
}
