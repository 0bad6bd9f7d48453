// Puts a rendered configuration in place the safe way: written to a fresh generation directory,
// checked with `nginx -t` through a test config that includes only that directory, then swapped in
// by renaming the `current` symlink (atomic), then nginx is reloaded. A failed check leaves `current`
// untouched, so a bad configuration never replaces a good one.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export interface ConfigStoreOptions {
  /** Holds `generations/` and the `current` symlink; nginx's http{} includes `<dir>/current/*.conf`. */
  configDir: string;
  /** The nginx binary used for the check (default `nginx`). */
  nginxBinary?: string;
  /** Replaces the default check (`nginx -t -q -p <dir> -c <test config>`); `{config}` is the test config file. */
  checkCommand?: string[];
  /** Run after a swap (default `nginx -s reload`). */
  reloadCommand?: string[];
  /** Generations kept besides the current one, for an operator to compare or roll back (default 2). */
  keepPrevious?: number;
}

export class ConfigCheckError extends Error {}
export class ReloadError extends Error {}

const FILE = 'nullops.conf';

export class NginxConfigStore {
  readonly configDir: string;
  private readonly generations: string;
  private readonly current: string;

  constructor(private readonly options: ConfigStoreOptions) {
    this.configDir = resolve(options.configDir);
    this.generations = join(this.configDir, 'generations');
    this.current = join(this.configDir, 'current');
    mkdirSync(this.generations, { recursive: true });
  }

  /** The text nginx currently includes, or null before the first swap. */
  currentText(): string | null {
    const file = join(this.current, FILE);
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  }

  async install(text: string, label: string): Promise<void> {
    const name = `${label}-${Date.now()}-${randomBytes(3).toString('hex')}`;
    const candidate = join(this.generations, name);
    mkdirSync(candidate);
    writeFileSync(join(candidate, FILE), text);
    try {
      await this.check(candidate);
    } catch (error) {
      rmSync(candidate, { recursive: true, force: true });
      throw error;
    }
    const link = join(this.configDir, `.current-${name}`);
    symlinkSync(join('generations', name), link);
    renameSync(link, this.current);
    this.prune(name);
    const reload = this.options.reloadCommand ?? [this.options.nginxBinary ?? 'nginx', '-s', 'reload'];
    const result = await run(reload);
    if (result.code !== 0) throw new ReloadError(`The configuration is in place but "${reload.join(' ')}" failed: ${result.output || `exit ${result.code}`}`);
  }

  private async check(candidate: string): Promise<void> {
    const testConfig = join(this.configDir, `.test-${basename(candidate)}.conf`);
    // nginx -t checks that it could write the pid file by creating it.
    const testPid = join(this.configDir, `.test-${basename(candidate)}.pid`);
    writeFileSync(
      testConfig,
      [
        '# Checks one generation alone before it replaces the current one.',
        `pid ${testPid};`,
        'error_log stderr;',
        'events {}',
        'http {',
        '  access_log off;',
        `  include ${join(candidate, '*.conf')};`,
        '}',
        '',
      ].join('\n'),
    );
    try {
      const command = this.options.checkCommand?.map((part) => part.replace('{config}', testConfig)) ?? [
        this.options.nginxBinary ?? 'nginx',
        '-t',
        '-q',
        '-p',
        this.configDir,
        '-c',
        testConfig,
      ];
      const result = await run(command);
      if (result.code !== 0) throw new ConfigCheckError(`nginx refused the new configuration, the previous one stays: ${result.output.replace(new RegExp(`${candidate}/`, 'g'), '') || `exit ${result.code}`}`);
    } finally {
      rmSync(testConfig, { force: true });
      rmSync(testPid, { force: true });
    }
  }

  private prune(keep: string): void {
    const all = readdirSync(this.generations).sort((a, b) => generationTime(b) - generationTime(a));
    const kept = new Set([keep, ...all.filter((n) => n !== keep).slice(0, this.options.keepPrevious ?? 2)]);
    const target = basename(readlinkSync(this.current));
    kept.add(target);
    for (const name of all) if (!kept.has(name)) rmSync(join(this.generations, name), { recursive: true, force: true });
  }
}

function generationTime(name: string): number {
  return Number(/-(\d+)-[0-9a-f]+$/.exec(name)?.[1] ?? 0);
}

function run(command: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    execFile(command[0], command.slice(1), { timeout: 30_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim();
      if (!error) return resolvePromise({ code: 0, output });
      const code = typeof error.code === 'number' ? error.code : 127;
      resolvePromise({ code, output: output || error.message });
    });
  });
}
