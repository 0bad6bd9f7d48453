import { EXIT, usageError } from '../cli-error.js';
import { parseFlags, printHelp, say, type Command } from '../command.js';
import { fixtureInvocation } from '../fixture.js';
import { connectDocker, invokeLocally } from '../local-run.js';
import { loadPluginProject, readJsonFile } from '../plugin-project.js';

export const run: Command = {
  name: 'run',
  help: `Usage: nullops-plugin run --input FILE [--dir DIR] [--image IMAGE] [--network NAME]

Runs the plugin's image once through the same runner the NullOps agent uses (same envelope, same
container hardening, same timeout and verdict), prints its log lines (stderr) as they come and then
the result document on stdout.

FILE is { "action"?: "run" | "rollback", "params": {…}, "context"?: {…}, "outputs"?: {…} } (outputs:
what run returned, for a rollback) or a whole invocation envelope; params get the schema's defaults.

Options:
  --input FILE    the input (required)
  --dir DIR       the plugin project (default: .)
  --image IMAGE   the image to run (default: the manifest's image, as \`nullops-plugin build\` tags it)
  --network NAME  a Docker network to join, to reach services on it (default: bridge)
  -h, --help      this help

Exit codes: 0 the plugin succeeded, 1 it failed (its error is printed), 2 usage, missing image or Docker.`,
  async run(argv) {
    const { values } = parseFlags('run', argv, { input: { type: 'string' }, image: { type: 'string' }, network: { type: 'string', default: 'bridge' } });
    if (values.help) {
      printHelp(this.help);
      return EXIT.ok;
    }
    if (!values.input) throw usageError('Missing --input FILE: the params to run the plugin with, e.g. `nullops-plugin run --input fixtures/basic.input.json`.');
    const { manifest } = loadPluginProject(values.dir as string);
    const input = fixtureInvocation(readJsonFile(values.input as string), manifest);
    if (!input.ok) throw usageError(`${values.input as string} is not a plugin input:\n${input.problems.map((p) => `  ${values.input as string}#${p.path}: ${p.message}`).join('\n')}`);
    const image = (values.image as string | undefined) ?? manifest.image;
    const docker = await connectDocker(image);
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    const result = await invokeLocally(docker, manifest, image, input.invocation, { network: values.network as string, onLogLine: (line) => say(`│ ${line}`), signal: controller.signal });
    process.stdout.write(`${JSON.stringify(result.ok ? { outputs: result.outputs } : { error: { code: result.error.code, message: result.error.message } }, null, 2)}\n`);
    if (!result.ok) say(`✘ ${input.invocation.action} failed: ${result.error.code}`);
    return result.ok ? EXIT.ok : EXIT.failed;
  },
};
