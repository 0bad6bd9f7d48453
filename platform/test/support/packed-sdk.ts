// The plugin kit as a plugin author gets it from npm: `@nullops/sdk` packed by its pack script and
// `create-nullops-plugin` by `npm pack` (tarballs stand in for the unpublished versions), plugin projects
// scaffolded from them in a folder outside the repository, and their own `nullops-plugin`.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand, type Ran } from '@nullops/core/testing';

export const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));

export interface Packed {
  sdk: string;
  create: string;
}

export function packPluginKit(destination: string): Packed {
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

/** The project's own `nullops-plugin`, from its node_modules. */
export const projectCli = (dir: string, args: string[]) => runCommand(join(dir, 'node_modules', '.bin', 'nullops-plugin'), args, { cwd: dir });
