#!/usr/bin/env node
// `npm run check:boundaries` (and `npm test`): the package and module boundaries. dependency-cruiser
// checks the rules in .dependency-cruiser.cjs over every workspace's src and test; this script adds the
// one a rule cannot say: core's feature modules (core/src/modules/<name>) depend on each other without
// cycles, taken as folders. Prints each violation with its reason and exits 1 when there is one.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['core', 'agent', 'platform', 'sdk', 'registry', 'studio', ...['plugins-official/drivers', 'plugins-official/components'].flatMap((dir) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => `${dir}/${name}`) : []))];
const folders = packages.flatMap((p) => ['src', 'test'].map((sub) => `${p}/${sub}`)).filter((dir) => existsSync(join(root, dir)));

/**
 * Dependencies against the intended direction left out of the cycle search while they are taken apart; one
 * that is gone fails the check, so the list only shrinks. Empty: a module that needs something of one that
 * depends on it declares a port (a decorated service, e.g. nodes/workload.ts) that the other fills.
 */
const KNOWN_BACK_EDGES = [];

const cruise = spawnSync(join(root, 'node_modules', '.bin', 'depcruise'), ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...folders], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
if (cruise.error || !cruise.stdout) {
  console.error(`[boundaries] dependency-cruiser did not run: ${cruise.error?.message ?? cruise.stderr}`);
  process.exit(1);
}
const result = JSON.parse(cruise.stdout);
const problems = [];
const rules = new Map((result.summary.ruleSetUsed?.forbidden ?? []).map((rule) => [rule.name, rule.comment]));
for (const violation of result.summary.violations) {
  const path = violation.cycle ? violation.cycle.map((step) => step.name ?? step).join(' → ') : `${violation.from} → ${violation.to}`;
  problems.push(`${violation.rule.name}: ${path}\n    ${rules.get(violation.rule.name) ?? ''}`);
}

// Feature-module cycles: the folder graph of core/src/modules/<name>, every cycle found by walking it.
const featureOf = (path) => /^core\/src\/modules\/([^/]+)\//.exec(path)?.[1];
const edges = new Map();
for (const module of result.modules) {
  const from = featureOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = featureOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    edges.get(from).set(to, `${module.source} → ${dependency.resolved}`);
  }
}
for (const known of KNOWN_BACK_EDGES) {
  const [from, to] = known.split(' → ');
  if (edges.get(from)?.delete(to)) continue;
  problems.push(`no-cycles-between-feature-modules: "${known}" no longer exists: remove it from KNOWN_BACK_EDGES in scripts/check-boundaries.mjs.`);
}
const cycles = new Map();
const walk = (path) => {
  const at = path[path.length - 1];
  for (const [next] of edges.get(at) ?? []) {
    if (next === path[0]) {
      // Each cycle once, named from its alphabetically first module.
      if ([...path].sort()[0] !== path[0]) continue;
      const files = path.map((node, i) => edges.get(node).get(path[(i + 1) % path.length]));
      cycles.set([...path, path[0]].join(' → '), files);
    } else if (!path.includes(next)) walk([...path, next]);
  }
};
for (const feature of edges.keys()) walk([feature]);
for (const [name, files] of cycles) {
  problems.push(`no-cycles-between-feature-modules: ${name}\n    ${files.join('\n    ')}\n    Feature modules depend on each other one way; move what both need into one of them, or behind a decorated service.`);
}

const checked = `${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} dependencies`;
if (problems.length) {
  console.error(`[boundaries] ${problems.length} violation(s) in ${checked}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`[boundaries] ok: ${checked}; no cycles between feature modules${KNOWN_BACK_EDGES.length ? ` (${KNOWN_BACK_EDGES.length} known back edges being taken apart)` : ''}`);
