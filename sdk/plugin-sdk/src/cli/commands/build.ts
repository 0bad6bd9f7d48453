import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { parseFlags, printHelp, say, type Command } from '../command.js';
import { docker, imageLabels } from '../docker-cli.js';
import { loadPluginProject } from '../plugin-project.js';

export const build: Command = {
  name: 'build',
  help: `Usage: nullops-plugin build [--dir DIR] [--tag IMAGE] [--base-image IMAGE] [--skip-prepare]

Runs \`npm run build\` first when package.json has a build script (a TypeScript plugin bundles itself
and regenerates nullops-plugin.json there), checks the manifest, then runs \`docker build\` with the
manifest as the label dev.nullops.plugin.manifest and the OCI labels (title, description, version,
licenses, created). The image is tagged with the manifest's "image" unless --tag says otherwise.

Options:
  --dir DIR           the plugin project (default: .)
  --tag IMAGE         tag the image IMAGE instead of the manifest's image
  --base-image IMAGE  passed as the BASE_IMAGE build argument (e.g. a mirror of node:20-alpine)
  --skip-prepare      do not run \`npm run build\` first
  -h, --help          this help

Exit codes: 0 built, 1 invalid manifest or failed build, 2 usage or Docker missing.`,
  async run(argv) {
    const { values } = parseFlags('build', argv, { tag: { type: 'string' }, 'base-image': { type: 'string' }, 'skip-prepare': { type: 'boolean' } });
    if (values.help) {
      printHelp(this.help);
      return EXIT.ok;
    }
    const dir = values.dir as string;
    if (!values['skip-prepare']) prepare(dir);
    const { manifest } = loadPluginProject(dir);
    if (!existsSync(join(dir, 'Dockerfile'))) throw usageError(`No Dockerfile in ${dir}: a plugin image is built from one (see docs/plugins/ for examples).`);
    const tag = (values.tag as string | undefined) ?? manifest.image;
    const args = ['build', '--tag', tag];
    if (values['base-image']) args.push('--build-arg', `BASE_IMAGE=${values['base-image'] as string}`);
    for (const [key, value] of Object.entries(imageLabels(manifest))) args.push('--label', `${key}=${value}`);
    say(`building ${manifest.name}@${manifest.version} as ${tag}…`);
    await docker([...args, dir]);
    say(`✔ built ${tag}`);
    process.stdout.write(`${tag}\n`);
    return EXIT.ok;
  },
};

/** `npm run build` when the project has one. */
function prepare(dir: string): void {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return;
  const scripts = (JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  if (!scripts.build) return;
  say('running `npm run build`…');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new CliError('`npm run build` failed (see above); fix it, or pass --skip-prepare to build the image from what is there.');
}
