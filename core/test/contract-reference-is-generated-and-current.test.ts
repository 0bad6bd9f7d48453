// nullops-test: unit (no Docker engine, registry or database: `npm test -- --unit` runs it)
// docs/contract-reference.md is generated from the TypeBox contracts, never written by hand: it must equal
// what they generate now (run `npm run docs:contracts` after changing core/src/contracts).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { CONTRACT_DOCUMENTS, MESSAGES } from '../src/contracts/index.js';
import { renderContractReference } from '../src/kernel/contract-reference.js';

t.test('the committed contract reference matches the contracts', async (t) => {
  const committed = readFileSync(new URL('../../../docs/contract-reference.md', import.meta.url), 'utf8');
  t.ok(renderContractReference() === committed, 'docs/contract-reference.md is current; run `npm run docs:contracts` and commit it if this fails');
  for (const type of Object.keys(MESSAGES)) t.ok(committed.includes(`## protocol-${type.replace('.', '-')}\n`), `protocol message ${type} has its section`);
  for (const document of CONTRACT_DOCUMENTS) t.ok(committed.includes(`## ${document.name}\n`), `${document.name} has its section`);
});
