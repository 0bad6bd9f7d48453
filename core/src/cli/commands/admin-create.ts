// `nullops admin create`: creates an admin user directly in the database — the way to the first admin
// (and back in, when every admin lost their password). Flags, else environment, else prompts.
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../../kernel/config.js';
import { ApiError } from '../../kernel/errors.js';
import { connectDatabase, migrate } from '../../db/database.js';
import { startEmbeddedPostgres } from '../../db/embedded-postgres.js';
import { createUser } from '../../modules/identity/users.js';
import type { Command } from '../command.js';

async function ask(question: string, hidden: boolean): Promise<string> {
  const output = process.stdout;
  const prompt = createInterface({ input: process.stdin, output, terminal: true });
  if (hidden) {
    // Echo nothing of what is typed after the question.
    const write = output.write.bind(output);
    (prompt as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question)) write(question);
    };
  }
  try {
    const answer = await prompt.question(question);
    if (hidden) output.write('\n');
    return answer.trim();
  } finally {
    prompt.close();
  }
}

export const adminCreateCommand: Command = {
  name: 'admin create',
  summary: 'create an admin user (the first admin, or a way back in)',
  help: `Usage: nullops admin create [--username NAME] [--password PASSWORD] [--data-dir DIR]

Creates an admin user in the control plane's database (DATABASE_URL, or the embedded database in the
data directory), applying pending migrations first. Values not given as flags are taken from
NULLOPS_ADMIN_USERNAME / NULLOPS_ADMIN_PASSWORD, and otherwise asked for (the password is not echoed).
Passing the password as a flag leaves it in your shell history; prefer the prompt or the variable.

The same variables create the first admin when the control plane starts and no admin exists yet.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { username: { type: 'string' }, password: { type: 'string' }, 'data-dir': { type: 'string' } } });
    const config = loadConfig(process.env, values['data-dir'] ? { dataDir: values['data-dir'] } : {});
    const interactive = process.stdin.isTTY === true;
    const username = values.username ?? config.adminUsername ?? (interactive ? await ask('Admin username: ', false) : '');
    const password = values.password ?? config.adminPassword ?? (interactive ? await ask('Password (8 characters or more): ', true) : '');
    if (!username) throw new Error('No username: pass --username, set NULLOPS_ADMIN_USERNAME, or run in a terminal to be asked.');
    if (password.length < 8) throw new Error('The password must have at least 8 characters (--password, NULLOPS_ADMIN_PASSWORD, or the prompt).');

    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: join(resolve(config.dataDir), 'postgres') });
    const orm = await connectDatabase(config.databaseUrl ?? embedded!.url);
    try {
      await migrate(orm);
      const user = await createUser(orm.em.fork() as EntityManager, { username, password, role: 'admin' });
      console.log(`Created admin "${user.username}". Sign in at the studio or with POST /api/v1/auth/login.`);
      return 0;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NAME_TAKEN') {
        console.error(`nullops: a user named "${username.toLowerCase()}" already exists; an admin can change its role with PATCH /api/v1/users/:id.`);
        return 1;
      }
      throw error;
    } finally {
      await orm.close();
      await embedded?.stop();
    }
  },
};
