// Every database column that holds a value encrypted with NULLOPS_ENCRYPTION_KEY, so rotating the key
// re-encrypts all of them: project secrets, registry passwords, agent tokens, plugin outputs. A module
// that stores an encrypted value adds its column here; each table needs an `id` primary key.
export interface EncryptedColumn {
  table: string;
  column: string;
}

export const encryptedColumns: EncryptedColumn[] = [
  { table: 'project_secret', column: 'value_encrypted' },
  { table: 'container_registry', column: 'password_encrypted' },
  { table: 'node', column: 'token_encrypted' },
  { table: 'deployment', column: 'outputs_encrypted' },
];
