// nullops/sql-exec: SQL text or a list of statements in one transaction. A failing statement rolls back
// everything before it, and the error names the statement, its line in the SQL text and the position
// PostgreSQL reported.
import { PluginError, type PluginDefinition } from '@nullops/sdk';
import { connectWhenReady, redactUrl } from '../../src/postgres/connect.js';
import { manifest, type input, type output } from './manifest.js';
import { lineAndColumn, splitStatements, type SqlStatement } from './split-statements.js';

const ROWS_KEPT = 100;

/** The error message for `statement` failing with PostgreSQL's `error` (its `position` is 1-based, in the statement). */
export function describeFailure(statements: readonly SqlStatement[], index: number, error: { message: string; position?: string }, sqlText: string | undefined): string {
  const statement = statements[index];
  const where: string[] = [];
  if (sqlText !== undefined) where.push(`line ${lineAndColumn(sqlText, statement.offset).line} of the SQL`);
  if (error.position) {
    const at = lineAndColumn(statement.text, Number(error.position) - 1);
    where.push(`at line ${at.line}, column ${at.column} of the statement`);
  }
  const shown = statement.text.length > 200 ? `${statement.text.slice(0, 200)}…` : statement.text;
  return `statement ${index + 1} of ${statements.length}${where.length ? ` (${where.join(', ')})` : ''} failed: ${error.message}\n  ${shown}\nNothing was committed.`;
}

export const sqlExec: PluginDefinition<typeof input, typeof output> = {
  manifest,
  async run(params, context, log) {
    const statements: SqlStatement[] = params.statements ? params.statements.map((text) => ({ text, offset: 0 })) : splitStatements(params.sql ?? '');
    if (statements.length === 0) throw new PluginError('SQL_EMPTY', 'the SQL holds no statement (only whitespace and comments)', 2);
    const client = await connectWhenReady(
      { connectionString: params.url },
      { what: `PostgreSQL at ${redactUrl(params.url)}`, waitSeconds: params.waitSeconds, signal: context.signal, onWait: (m) => log.info(m) },
    );
    const stop = () => void client.end().catch(() => undefined);
    context.signal.addEventListener('abort', stop, { once: true });
    let rowCount = 0;
    let rows: Record<string, unknown>[] = [];
    let index = 0;
    try {
      await client.query('BEGIN');
      for (; index < statements.length; index++) {
        const result = await client.query(statements[index].text);
        // A statement sent as one query may itself hold several (a list item with `;` inside): pg answers with one result each.
        for (const one of Array.isArray(result) ? result : [result]) {
          rowCount += one.rowCount ?? 0;
          if (one.fields?.length) rows = one.rows.slice(0, ROWS_KEPT);
          log.info(`statement ${index + 1}/${statements.length}: ${one.command ?? 'done'}${one.rowCount != null ? ` ${one.rowCount}` : ''}`);
        }
      }
      await client.query('COMMIT');
      log.info(`committed ${statements.length} statement(s)`);
      return { statements: statements.length, rowCount, rows };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (context.signal.aborted) throw new PluginError('SQL_ABORTED', `stopped during statement ${index + 1} of ${statements.length}; nothing was committed`);
      if (index >= statements.length) throw new PluginError('SQL_COMMIT_FAILED', `the commit failed: ${(error as Error).message}`);
      throw new PluginError('SQL_FAILED', describeFailure(statements, index, error as { message: string; position?: string }, params.statements ? undefined : params.sql));
    } finally {
      context.signal.removeEventListener('abort', stop);
      await client.end().catch(() => undefined);
    }
  },
};
