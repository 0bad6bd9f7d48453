// A plugin project on disk: `nullops-plugin.json` (the manifest), `fixtures/`, an optional package.json.
// Loading checks the manifest with the catalog's own check (`@nullops/core/pipeline`) and reports every
// problem as `file#/json/pointer: message`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkPluginManifest, type ManifestProblem } from '@nullops/core/pipeline';
import type { PluginManifest } from '@nullops/core/contracts';
import { CliError, usageError } from './cli-error.js';

export const MANIFEST_FILE = 'nullops-plugin.json';

export interface PluginProject {
  dir: string;
  manifestFile: string;
  manifest: PluginManifest;
}

/** A problem in one file of the project, for `validate`'s report. */
export interface FileProblem extends ManifestProblem {
  file: string;
}

export const describeProblem = (p: FileProblem) => `${p.file}#${p.path}: ${p.message}`;

export function readJsonFile(file: string, shownAs: string = file): unknown {
  if (!existsSync(file)) throw usageError(`${shownAs} does not exist.`);
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${shownAs} is not valid JSON: ${(error as Error).message}. Fix the file and run the command again.`);
  }
}

/** The manifest's problems, each naming the file; an unreadable manifest is a usage error. */
export function manifestProblems(dir: string): { manifest?: PluginManifest; problems: FileProblem[] } {
  const file = join(dir, MANIFEST_FILE);
  if (!existsSync(file)) {
    throw usageError(`No ${MANIFEST_FILE} in ${resolve(dir)}. Run the command inside a plugin project (create one with \`npm create nullops-plugin@latest my-step\`) or pass --dir.`);
  }
  const checked = checkPluginManifest(readJsonFile(file, MANIFEST_FILE));
  if (!checked.ok) return { problems: checked.errors.map((e) => ({ ...e, file: MANIFEST_FILE })) };
  return { manifest: checked.manifest, problems: [] };
}

/** The project with a valid manifest, or a CliError listing what is wrong with it. */
export function loadPluginProject(dir: string): PluginProject {
  const { manifest, problems } = manifestProblems(dir);
  if (!manifest) {
    throw new CliError(`${MANIFEST_FILE} is not a valid plugin manifest:\n${problems.map((p) => `  ${describeProblem(p)}`).join('\n')}\nFix these and run \`nullops-plugin validate\` again.`);
  }
  return { dir, manifestFile: join(dir, MANIFEST_FILE), manifest };
}

export interface Fixture {
  name: string;
  inputFile: string;
  expectedFile: string;
}

/** `fixtures/<name>.input.json`, each with its `<name>.expected.json`. */
export function listFixtures(dir: string): Fixture[] {
  const folder = join(dir, 'fixtures');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.input.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.input.json'.length);
      return { name, inputFile: join(folder, f), expectedFile: join(folder, `${name}.expected.json`) };
    });
}

export function shown(dir: string, file: string): string {
  return relative(dir, file) || file;
}
