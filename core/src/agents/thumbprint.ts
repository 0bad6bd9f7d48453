// Certificate thumbprints as NullOps writes them: lower-case hex SHA-256 of the DER certificate, no
// colons — the form the agent prints at start-up and admins paste when adding a node.
export function normalizeThumbprint(value: string): string {
  return value.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}
