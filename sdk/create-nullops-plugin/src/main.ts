#!/usr/bin/env node
// create-nullops-plugin — `npm create nullops-plugin@latest my-step`: a working plugin project from a
// template, its dependencies installed, and the next steps printed. Asks in a terminal for what the
// flags do not say; refuses a folder that is not empty.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultPluginName, nameProblem, scaffold, targetProblem, TEMPLATES, titleOf, type TemplateName } from './scaffold.js';

const HELP = `Usage: npm create nullops-plugin@latest [folder] -- [options]
       create-nullops-plugin [folder] [options]

Creates a NullOps component plugin project in folder (which must be new or empty).

Options:
  --template NAME   ${Object.entries(TEMPLATES).map(([name, about]) => `${name} (${about})`).join('\n                    ')}
  --name SCOPE/NAME the plugin's name, e.g. acme/seed-orders (default: local/<folder>)
  --image IMAGE     the image reference it is published as (default: ghcr.io/<scope>/<name>:0.1.0)
  --skip-install    do not run npm install
  -h, --help        this help

In a terminal, what the options do not say is asked for. Exit codes: 0 created, 1 failed, 2 usage.`;

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function fail(message: string, code = 2): never {
  process.stderr.write(`✘ ${message}\n`);
  process.exit(code);
}

/** Published: the templates ship inside the package. In this repository: the top-level templates/. */
function templatesDir(): string {
  for (const dir of [join(packageDir, 'templates'), join(packageDir, '..', '..', 'templates')]) if (existsSync(join(dir, 'plugin-typescript'))) return dir;
  return fail('the templates are missing from this installation of create-nullops-plugin; reinstall it.', 1);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: { template: { type: 'string' }, name: { type: 'string' }, image: { type: 'string' }, 'skip-install': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    fail(`${(error as Error).message}\nRun create-nullops-plugin --help for the options.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const prompt = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  // Answers typed (or pasted) ahead of their question wait in a queue instead of being lost.
  const typed: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  prompt?.on('line', (line) => (waiting.length ? waiting.shift()!(line) : typed.push(line)));
  prompt?.on('close', () => waiting.splice(0).forEach((resolve) => resolve(undefined)));
  const ask = async (question: string, fallback: string) => {
    process.stdout.write(`${question} (${fallback}) `);
    const line = typed.length ? typed.shift() : await new Promise<string | undefined>((resolve) => waiting.push(resolve));
    if (line === undefined) fail('Cancelled: nothing was created.', 1);
    return line.trim() || fallback;
  };

  let folder = positionals[0];
  if (!folder) {
    if (!prompt) fail('Name the folder to create: create-nullops-plugin my-step --template plugin-typescript');
    folder = await ask('Project folder?', 'my-step');
  }
  const target = resolve(folder);
  const targetIssue = targetProblem(target);
  if (targetIssue) fail(targetIssue);

  let template = values.template as string | undefined;
  if (!template && prompt) {
    const names = Object.keys(TEMPLATES);
    process.stdout.write(names.map((n, i) => `  ${i + 1}. ${n} — ${TEMPLATES[n as TemplateName]}`).join('\n') + '\n');
    const answer = await ask('Template?', '1');
    template = names[Number(answer) - 1] ?? answer;
  }
  template ??= 'plugin-typescript';
  if (!(template in TEMPLATES)) fail(`Unknown template "${template}": choose ${Object.keys(TEMPLATES).join(' or ')}.`);

  let name = values.name as string | undefined;
  if (!name && prompt) name = await ask('Plugin name, <scope>/<name>?', defaultPluginName(target));
  name ??= defaultPluginName(target);
  const problem = nameProblem(name);
  if (problem) fail(problem);
  prompt?.close();

  const sdkVersion = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const image = (values.image as string | undefined) ?? `ghcr.io/${name}:0.1.0`;
  const files = scaffold(templatesDir(), target, { template: template as TemplateName, name, title: titleOf(name), image, sdkVersion });
  process.stdout.write(`✔ created ${name} from ${template} in ${relative(process.cwd(), target) || '.'} (${files.length} files)\n`);

  if (!values['skip-install']) {
    process.stdout.write('installing dependencies (npm install)…\n');
    const install = spawnSync('npm', ['install', '--no-fund', '--no-audit'], { cwd: target, stdio: 'inherit' });
    if (install.status !== 0) fail(`npm install failed in ${folder}; fix the problem above and run it there again.`, 1);
  }
  const cd = relative(process.cwd(), target) || '.';
  const steps = template === 'plugin-typescript' ? ['npm run build', 'npm test', 'npx nullops-plugin build', 'npx nullops-plugin test'] : ['npx nullops-plugin validate', 'npx nullops-plugin build', 'npx nullops-plugin test'];
  process.stdout.write(`\nNext:\n  cd ${cd}\n${values['skip-install'] ? '  npm install\n' : ''}${steps.map((s) => `  ${s}\n`).join('')}\nThe guide: https://nullops.dev/docs/plugins (docs/plugins/ in the NullOps repository).\n`);
}

main().catch((error: Error) => fail(`unexpected failure: ${error.message}`, 1));
