import { EXIT, usageError } from '../cli-error.js';
import { parseFlags, printHelp, say, type Command } from '../command.js';
import { compareWithExpected, fixtureInvocation } from '../fixture.js';
import { connectDocker, invokeLocally } from '../local-run.js';
import { listFixtures, loadPluginProject, readJsonFile, shown } from '../plugin-project.js';

export const test: Command = {
  name: 'test',
  help: `Usage: nullops-plugin test [--dir DIR] [--image IMAGE] [--network NAME] [--verbose]

Runs every fixtures/<name>.input.json through the image (the agent's runner, as \`run\` does) and
compares what the plugin printed with fixtures/<name>.expected.json: stdout must be exactly one JSON
document, {"outputs": …} with exit 0 or {"error": …} with a non-zero exit, and every key the
expected document gives must match. Rollback fixtures ("action": "rollback") are run the same way.

Options:
  --dir DIR       the plugin project (default: .)
  --image IMAGE   the image to test (default: the manifest's image)
  --network NAME  a Docker network to join (default: bridge)
  --verbose       print every fixture's log lines, not only a failing one's
  -h, --help      this help

Exit codes: 0 all passed, 1 a fixture failed, 2 usage, no fixtures, missing image or Docker.`,
  async run(argv) {
    const { values } = parseFlags('test', argv, { image: { type: 'string' }, network: { type: 'string', default: 'bridge' }, verbose: { type: 'boolean' } });
    if (values.help) {
      printHelp(this.help);
      return EXIT.ok;
    }
    const dir = values.dir as string;
    const { manifest } = loadPluginProject(dir);
    const fixtures = listFixtures(dir);
    if (fixtures.length === 0) throw usageError('No fixtures/*.input.json: add one with its .expected.json (see docs/plugins/testing.md).');
    const image = (values.image as string | undefined) ?? manifest.image;
    const docker = await connectDocker(image);
    let failed = 0;
    for (const fixture of fixtures) {
      const started = Date.now();
      const expected = readJsonFile(fixture.expectedFile, shown(dir, fixture.expectedFile));
      const input = fixtureInvocation(readJsonFile(fixture.inputFile, shown(dir, fixture.inputFile)), manifest);
      let problems: string[];
      const lines: string[] = [];
      if (!input.ok) problems = input.problems.map((p) => `${shown(dir, fixture.inputFile)}#${p.path}: ${p.message}`);
      else {
        const result = await invokeLocally(docker, manifest, image, input.invocation, { network: values.network as string, onLogLine: (line) => lines.push(line) });
        problems = !result.ok && result.error.code === 'PLUGIN_TIMEOUT' ? [result.error.message] : compareWithExpected(expected, result.stdout ?? '', result.exitCode ?? -1);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      say(`${problems.length ? '✘' : '✔'} ${fixture.name} (${seconds} s)`);
      for (const problem of problems) say(`    ${problem}`);
      if (problems.length || values.verbose) for (const line of lines) say(`    │ ${line}`);
      if (problems.length) failed++;
    }
    say(`${fixtures.length - failed} passed, ${failed} failed`);
    return failed ? EXIT.failed : EXIT.ok;
  },
};
