// The one PostgreSQL server a test run shares: `npm test` starts it once and hands its URL to every test
// file (NULLOPS_TEST_DATABASE_URL); each file then creates a database of its own (see database.ts).
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.js';

export function startTestDatabaseServer(dataDir: string): Promise<EmbeddedDatabase> {
  return startEmbeddedPostgres({ dataDir, log: (line) => console.log(`[nullops] ${line}`) });
}
