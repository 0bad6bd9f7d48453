// Re-encrypts every stored value from the old key to the new one, in one transaction: values already
// under the new key are left alone (so an interrupted rotation can simply be run again), and a value under
// a key that is neither stops the rotation before anything is written.
import type { EntityManager } from '@mikro-orm/postgresql';
import { encryptedColumns, type EncryptedColumn } from './encrypted-columns.js';
import { Encryption, EncryptionKeyError, keyIdOfCiphertext, type EncryptionKey } from './encryption.js';

export interface RotationReport {
  reencrypted: number;
  alreadyCurrent: number;
  perColumn: { table: string; column: string; reencrypted: number }[];
}

export async function rotateEncryptionKey(em: EntityManager, oldKey: EncryptionKey, newKey: EncryptionKey, columns: readonly EncryptedColumn[] = encryptedColumns): Promise<RotationReport> {
  if (oldKey.id === newKey.id) throw new EncryptionKeyError('The old and the new key are the same key; there is nothing to rotate.');
  const encryption = new Encryption(newKey, [oldKey]);
  return em.transactional(async (tx) => {
    // Raw statements join the transaction only when handed its context.
    const connection = tx.getConnection();
    const inTx = tx.getTransactionContext();
    // A module's columns exist only once its migration ran; the rotation covers those that exist.
    const existing = new Set(
      (
        await connection.execute<{ name: string }[]>(`select table_name || '.' || column_name as name from information_schema.columns where table_schema = current_schema()`, [], 'all', inTx)
      ).map((r) => r.name),
    );
    const work: { column: EncryptedColumn; rows: { id: string; value: string }[] }[] = [];
    let alreadyCurrent = 0;
    for (const column of columns.filter((c) => existing.has(`${c.table}.${c.column}`))) {
      const rows = await connection.execute<{ id: string; value: string }[]>(`select "id", "${column.column}" as value from "${column.table}" where "${column.column}" is not null for update`, [], 'all', inTx);
      const pending: { id: string; value: string }[] = [];
      for (const row of rows) {
        const keyId = keyIdOfCiphertext(row.value);
        if (keyId === newKey.id) alreadyCurrent++;
        else if (keyId === oldKey.id) pending.push(row);
        else {
          throw new EncryptionKeyError(
            `${column.table}.${column.column} of row ${row.id} is encrypted with key ${keyId ?? '(not a NullOps ciphertext)'}, which is neither the old key (${oldKey.id}) nor the new one (${newKey.id}). Nothing was changed.`,
          );
        }
      }
      work.push({ column, rows: pending });
    }
    const perColumn: RotationReport['perColumn'] = [];
    for (const { column, rows } of work) {
      for (const row of rows) {
        await connection.execute(`update "${column.table}" set "${column.column}" = ? where "id" = ?`, [encryption.encrypt(encryption.decrypt(row.value)), row.id], 'run', inTx);
      }
      perColumn.push({ table: column.table, column: column.column, reencrypted: rows.length });
    }
    return { reencrypted: perColumn.reduce((sum, c) => sum + c.reencrypted, 0), alreadyCurrent, perColumn };
  });
}
