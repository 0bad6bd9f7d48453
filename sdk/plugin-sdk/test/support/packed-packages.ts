// The SDK packages as a plugin author gets them from npm: `@nullops/sdk` packed by its pack script and
// `create-nullops-plugin` by `npm pack` (tarballs stand in for the unpublished versions), and plugin
// projects scaffolded from them in an empty folder outside the repository.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, type Ran } from './cli.js';

export const REPOSITORY = fileURLToPath(new URL('../../../../../', import.meta.url));

export interface Packed {
  sdk: string;
  create: string;
}

export function packPackages(destination: string): Packed {
  const sdk = execFileSync(process.execPath, [join(REPOSITORY, 'sdk/plugin-sdk/scripts/pack.mjs'), destination], { encoding: 'utf8' }).trim();
  execFileSync('npm', ['pack', '--silent', '-w', 'create-nullops-plugin', '--pack-destination', destination], { cwd: REPOSITORY, stdio: ['ignore', 'ignore', 'pipe'] });
  const create = join(destination, readdirSync(destination).find((f) => f.startsWith('create-nullops-plugin-'))!);
  return { sdk, create };
}

/** What `npm create nullops-plugin@latest <folder> -- <args>` does, with the tarball as "latest". */
export function scaffoldFromTarball(packed: Packed, cwd: string, args: string[]): Promise<Ran> {
  return runCommand('npm', ['exec', '--yes', `--package=${packed.create}`, '--', 'create-nullops-plugin', ...args], { cwd });
}

/** `npm install`, with the sdk tarball standing in for the published version (package.json keeps `^x.y.z`). */
export function installWithTarball(packed: Packed, dir: string): Promise<Ran> {
  return runCommand('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', packed.sdk], { cwd: dir });
}
