// The `nullops-registry` sub-commands: `serve` (the default: run the registry) and the registry admin's
// publisher commands, which talk to the running registry's API with the admin token. Exit codes: 0 done,
// 1 the registry refused or could not be reached (one line says why), 2 the command line is wrong.
import type { Command } from '@nullops/core/cli';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RegistryConfigError } from '../config.js';
import { startRegistry } from '../start.js';
import { adminCall, adminTarget, type AdminOptions } from './admin-client.js';

const PROGRAM = 'nullops-registry';
const SCOPE = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A wrong command line: said in one line, exit code 2. */
class UsageError extends Error {}

const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  'admin-token': { type: 'string' },
  'data-dir': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

const CONNECTION_HELP = `Reaching the registry:
  --url URL            the registry (default NULLOPS_REGISTRY_URL, else http://127.0.0.1:<NULLOPS_REGISTRY_PORT or 7800>)
  --admin-token TOKEN  the admin token (default NULLOPS_REGISTRY_ADMIN_TOKEN, else the file
                       <data dir>/registry/admin-token the registry generated on its first start)
  --data-dir DIR       the registry's data directory (default NULLOPS_DATA_DIR, else ./.nullops)`;

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, positionals: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  if (parsed.positionals.length !== positionals.length) {
    throw new UsageError(`expected ${positionals.map((p) => `<${p}>`).join(' ')}, got ${parsed.positionals.length ? parsed.positionals.map((p) => `"${p}"`).join(' ') : 'nothing'}`);
  }
  return parsed;
}

function scopeOf(value: string): string {
  if (!SCOPE.test(value)) throw new UsageError(`"${value}" is not a scope: lowercase letters, digits and hyphens, 1 to 63 characters`);
  return value;
}

/** Runs `work`, turning a wrong command line into its one line and exit code 2. */
function withUsage(name: string, work: (args: string[]) => Promise<number>): (args: string[]) => Promise<number> {
  return async (args) => {
    try {
      return await work(args);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(`${PROGRAM}: ${error.message}. Run \`${PROGRAM} ${name} --help\`.`);
      return 2;
    }
  };
}

interface TokenCreated {
  id: string;
  name: string;
  token: string;
}

function printToken(url: string, scope: string, token: TokenCreated): void {
  console.log(`Token "${token.name}" (id ${token.id}) for publisher "${scope}" — shown this once, keep it secret:`);
  console.log(`  ${token.token}`);
  console.log(`Publish with: nullops-plugin publish --registry ${url} --token <token>`);
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the plugin registry (what `nullops-registry` alone does)',
  help: `Usage: ${PROGRAM} [serve]

Runs the NullOps plugin registry until Ctrl-C, with the settings in the environment:
  NULLOPS_REGISTRY_PORT         port (default 7800)
  NULLOPS_REGISTRY_HOST         address to listen on (default 127.0.0.1)
  NULLOPS_DATA_DIR              data directory (default ./.nullops); the embedded database and the
                                generated admin token live in <dir>/registry
  DATABASE_URL                  use this PostgreSQL database instead of the embedded one
  NULLOPS_REGISTRY_ADMIN_TOKEN  the admin token (default: generated into <dir>/registry/admin-token)
  NULLOPS_REGISTRY_SEARCH_CACHE_SECONDS, NULLOPS_REGISTRY_DATABASE_POOL_SIZE, … (docs/registry.md)

The admin then creates publishers: \`${PROGRAM} publisher create <scope>\`. See docs/registry.md.`,
  run: withUsage('serve', async (args) => {
    parse(args, {}, []);
    let registry;
    try {
      registry = await startRegistry({ onProgress: (m) => console.log(`[${PROGRAM}] ${m}`), logger: { level: process.env.NULLOPS_LOG_LEVEL ?? 'warn' } });
    } catch (error) {
      throw new Error(error instanceof RegistryConfigError ? error.message : `could not start: ${(error as Error).message}`, { cause: error });
    }
    console.log(`[${PROGRAM}] listening at ${registry.url}`);
    if (registry.adminTokenFile) console.log(`[${PROGRAM}] admin token in ${registry.adminTokenFile}`);
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    });
    console.log(`[${PROGRAM}] stopping`);
    await registry.close();
    return 0;
  }),
};

export const publisherCreateCommand: Command = {
  name: 'publisher create',
  summary: 'create a publisher for a scope and print its first token (once)',
  help: `Usage: ${PROGRAM} publisher create <scope> [--display-name NAME] [--official]

Creates the publisher that owns <scope> (plugins named <scope>/…) and prints its first token — the only
time it is shown. Give the token to the publisher; they publish with \`nullops-plugin publish\`.
  --display-name NAME  how the marketplace names the publisher
  --official           mark it official now (\`${PROGRAM} publisher official\` changes it later)

${CONNECTION_HELP}`,
  run: withUsage('publisher create', async (args) => {
    const { values, positionals } = parse(args, { ...CONNECTION_OPTIONS, 'display-name': { type: 'string' }, official: { type: 'boolean' } }, ['scope']);
    const scope = scopeOf(positionals[0]);
    const target = adminTarget(values as AdminOptions);
    const created = await adminCall<{ token: TokenCreated }>(target, 'POST', '/publishers', { scope, ...(values['display-name'] ? { displayName: values['display-name'] } : {}), ...(values.official ? { official: true } : {}) });
    console.log(`Created publisher "${scope}"${values.official ? ', marked official' : ''}.`);
    printToken(target.url, scope, created.token);
    return 0;
  }),
};

export const publisherOfficialCommand: Command = {
  name: 'publisher official',
  summary: 'mark a publisher official, or not',
  help: `Usage: ${PROGRAM} publisher official <scope> true|false

Sets the publisher's \`official\` mark, which the marketplace shows and filters on (?official=true).

${CONNECTION_HELP}`,
  run: withUsage('publisher official', async (args) => {
    const { values, positionals } = parse(args, CONNECTION_OPTIONS, ['scope', 'true|false']);
    const scope = scopeOf(positionals[0]);
    if (positionals[1] !== 'true' && positionals[1] !== 'false') throw new UsageError(`the mark is "true" or "false", not "${positionals[1]}"`);
    const official = positionals[1] === 'true';
    const publisher = await adminCall<{ scope: string; official: boolean }>(adminTarget(values as AdminOptions), 'PATCH', `/publishers/${scope}`, { official });
    console.log(`Publisher "${publisher.scope}" is ${publisher.official ? 'now official' : 'no longer official'}.`);
    return 0;
  }),
};

export const publisherTokenCommand: Command = {
  name: 'publisher token',
  summary: 'issue another token for a publisher (printed once)',
  help: `Usage: ${PROGRAM} publisher token <scope> [--name NAME]

Issues a new token for the publisher of <scope> and prints it — the only time it is shown. Its other
tokens keep working; the publisher revokes one with DELETE /api/v1/publishers/<scope>/tokens/<id>.
  --name NAME  what the token is for (default "token")

${CONNECTION_HELP}`,
  run: withUsage('publisher token', async (args) => {
    const { values, positionals } = parse(args, { ...CONNECTION_OPTIONS, name: { type: 'string' } }, ['scope']);
    const scope = scopeOf(positionals[0]);
    const target = adminTarget(values as AdminOptions);
    printToken(target.url, scope, await adminCall<TokenCreated>(target, 'POST', `/publishers/${scope}/tokens`, values.name ? { name: values.name } : {}));
    return 0;
  }),
};

export const registryCommands: Command[] = [serveCommand, publisherCreateCommand, publisherOfficialCommand, publisherTokenCommand];
