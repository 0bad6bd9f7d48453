import { validatePluginParams } from '@nullops/core/pipeline';
import { EXIT } from '../cli-error.js';
import { parseFlags, printHelp, say, type Command } from '../command.js';
import { fixtureInvocation, fixtureParamProblems } from '../fixture.js';
import { describeProblem, listFixtures, manifestProblems, readJsonFile, shown, type FileProblem } from '../plugin-project.js';

export const validate: Command = {
  name: 'validate',
  help: `Usage: nullops-plugin validate [--dir DIR]

Checks nullops-plugin.json with the same check the control plane and the registry use (shape,
"run" among the actions, input/output valid JSON Schemas, every secret a writeOnly input), then
every fixtures/*.input.json against the input schema and every outputs document of
fixtures/*.expected.json against the output schema. Each problem names its file and a JSON pointer.

Options:
  --dir DIR   the plugin project (default: .)
  -h, --help  this help

Exit codes: 0 valid, 1 problems found (listed), 2 no manifest or unreadable files.`,
  async run(argv) {
    const { values } = parseFlags('validate', argv, {});
    if (values.help) {
      printHelp(this.help);
      return EXIT.ok;
    }
    const dir = values.dir as string;
    const { manifest, problems } = manifestProblems(dir);
    if (manifest) problems.push(...fixtureProblems(dir, manifest));
    if (problems.length) {
      say(`${problems.length} problem(s):`);
      for (const p of problems) say(`  ${describeProblem(p)}`);
      return EXIT.failed;
    }
    say(`✔ ${manifest!.name}@${manifest!.version}: manifest and ${listFixtures(dir).length} fixture(s) are valid`);
    return EXIT.ok;
  },
};

function fixtureProblems(dir: string, manifest: NonNullable<ReturnType<typeof manifestProblems>['manifest']>): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const fixture of listFixtures(dir)) {
    const inputFile = shown(dir, fixture.inputFile);
    const expectedFile = shown(dir, fixture.expectedFile);
    const expected = readJsonFile(fixture.expectedFile, expectedFile) as { outputs?: unknown; error?: unknown } | null;
    const invocation = fixtureInvocation(readJsonFile(fixture.inputFile, inputFile), manifest);
    if (!invocation.ok) {
      problems.push(...invocation.problems.map((p) => ({ ...p, file: inputFile })));
      continue;
    }
    // A fixture that expects the plugin to refuse its params may break the schema on purpose.
    if (!expected?.error) problems.push(...fixtureParamProblems(invocation.invocation, manifest).map((p) => ({ ...p, file: inputFile })));
    if (expected?.outputs !== undefined && invocation.invocation.action === 'run') {
      const verdict = validatePluginParams(manifest.output, expected.outputs as Record<string, unknown>);
      if (!verdict.ok) problems.push(...verdict.errors.map((e) => ({ path: `/outputs${e.path}`, message: e.message, file: expectedFile })));
    } else if (!expected || (expected.outputs === undefined && expected.error === undefined)) {
      problems.push({ path: '', message: 'must be {"outputs": {…}} or {"error": {"code": "…"}}', file: expectedFile });
    }
  }
  return problems;
}
