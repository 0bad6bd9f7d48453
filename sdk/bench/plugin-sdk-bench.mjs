#!/usr/bin/env node
// Benchmark of the plugin kit, printed as a table (run after `npm run build`, with the test
// infrastructure up: `bash scripts/test-infra/up.sh`):
//   1. scaffold → first green `nullops-plugin test`, wall time per template (from the packed packages,
//      in an empty folder outside the repository, as in CI), split into its phases;
//   2. each template's image size over its base image;
//   3. one no-op plugin run through the plugin runner the agent uses vs `docker run --rm -i` of the same
//      image on the same network (the anchor, measured in the same run): median of N, ratio (goal ≤ 1.2×).
// Usage: node sdk/bench/plugin-sdk-bench.mjs [--runs N]
import Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { invokePlugin } from '@nullops/sdk/runner';
import { BUSYBOX_IMAGE, NODE_IMAGE } from '../../core/dist/test/support/infra.js';
import { installWithTarball, packPluginKit, runCommand, scaffoldFromTarball } from '../../platform/dist/test/support/packed-sdk.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const id = randomBytes(3).toString('hex');
const docker = new Docker();
const work = mkdtempSync(join(tmpdir(), 'nullops-sdk-bench-'));
const packDir = mkdtempSync(join(tmpdir(), 'nullops-sdk-bench-packed-'));
const images = [];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes) => (Math.abs(bytes) < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(2)} MB`);
const progress = (line) => process.stderr.write(`[bench] ${line}\n`);

async function timed(what, step) {
  const started = Date.now();
  const result = await step();
  if (result && typeof result === 'object' && 'code' in result && result.code !== 0) throw new Error(`${what} failed:\n${result.stderr}`);
  return Date.now() - started;
}

try {
  progress('packing @nullops/sdk and create-nullops-plugin…');
  const packed = packPluginKit(packDir);
  const templates = { 'plugin-typescript': NODE_IMAGE, 'plugin-shell': BUSYBOX_IMAGE };
  const rows = [];
  for (const [template, base] of Object.entries(templates)) {
    const dir = join(work, template);
    const image = `nullops-sdk-bench-${id}/${template}:0.1.0`;
    images.push(image);
    const cli = (args) => runCommand(join(dir, 'node_modules', '.bin', 'nullops-plugin'), args, { cwd: dir });
    progress(`${template}: scaffold, install, build, test…`);
    const phases = {
      scaffold: await timed('scaffold', () => scaffoldFromTarball(packed, work, [template, '--template', template, '--name', `bench/${template}`, '--image', image, '--skip-install'])),
      install: await timed('npm install', () => installWithTarball(packed, dir)),
      build: await timed('build', () => cli(['build', '--base-image', base])),
      test: await timed('test', () => cli(['test'])),
    };
    const size = (await docker.getImage(image).inspect()).Size;
    const baseSize = (await docker.getImage(base).inspect()).Size;
    rows.push({ template, phases, total: Object.values(phases).reduce((a, b) => a + b, 0), size, baseSize });
  }

  progress(`no-op plugin: ${runs} runs through the runner and ${runs} with docker run --rm…`);
  const noop = `nullops-sdk-bench-${id}/noop:1`;
  images.push(noop);
  const context = mkdtempSync(join(tmpdir(), 'nullops-sdk-bench-noop-'));
  writeFileSync(join(context, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\nENTRYPOINT ["/bin/sh", "-c", "cat > /dev/null; echo '{\\"outputs\\":{}}'"]\n`);
  const built = await runCommand('docker', ['build', '-q', '-t', noop, context]);
  rmSync(context, { recursive: true, force: true });
  if (built.code !== 0) throw new Error(built.stderr);
  const network = `nullops-sdk-bench-${id}`;
  await docker.createNetwork({ Name: network, Labels: { 'dev.nullops.bench': id } });
  const envelope = { apiVersion: 'nullops.dev/v1', action: 'run', params: {}, context: { deployment: { id: 'bench', name: 'bench', project: 'bench', environment: 'bench' }, services: {}, outputs: {}, attempt: 1, idempotencyKey: 'bench/1/noop', deadline: new Date(Date.now() + 3600_000).toISOString() } };
  const throughRunner = async () => {
    const started = Date.now();
    const result = await invokePlugin(docker, {
      image: noop,
      manifest: { output: { type: 'object' } },
      stepId: 'noop',
      action: 'run',
      params: {},
      context: envelope.context,
      idempotencyKey: 'bench/1/noop',
      container: { name: `nullops-sdk-bench-${id}-${randomBytes(3).toString('hex')}`, labels: { 'dev.nullops.bench': id }, network, alias: 'noop' },
      killAfterSeconds: 10,
      signal: new AbortController().signal,
      onLogLine: () => undefined,
    });
    if (!result.ok) throw new Error(`runner: ${result.error.message}`);
    return Date.now() - started;
  };
  const dockerRun = () =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn('docker', ['run', '--rm', '-i', '--network', network, '--label', `dev.nullops.bench=${id}`, noop], { stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.on('close', (code) => (code === 0 && out.includes('outputs') ? resolve(Date.now() - started) : reject(new Error(`docker run exited ${code}`))));
      child.stdin.end(`${JSON.stringify(envelope)}\n`);
    });
  await throughRunner();
  await dockerRun(); // warm-up, not counted
  const runner = [];
  const anchor = [];
  for (let i = 0; i < runs; i++) {
    runner.push(await throughRunner());
    anchor.push(await dockerRun());
  }
  await docker.getNetwork(network).remove().catch(() => undefined);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  console.log('\nScaffold → first green `nullops-plugin test` (packed packages, empty folder outside the repository)');
  console.log('| template | scaffold | npm install | build | test | total |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.template} | ${seconds(r.phases.scaffold)} | ${seconds(r.phases.install)} | ${seconds(r.phases.build)} | ${seconds(r.phases.test)} | **${seconds(r.total)}** |`);
  console.log('\nImage size over the base image');
  console.log('| template | base | image | over the base |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.template} | ${mb(r.baseSize)} | ${mb(r.size)} | ${mb(r.size - r.baseSize)} |`);
  const ratio = median(runner) / median(anchor);
  console.log(`\nNo-op plugin run, median of ${runs}`);
  console.log('| through the agent\'s plugin runner | `docker run --rm -i` (anchor) | ratio | goal |');
  console.log('|---|---|---|---|');
  console.log(`| ${median(runner)} ms | ${median(anchor)} ms | **${ratio.toFixed(2)}×** | ≤ 1.2× ${ratio <= 1.2 ? '(met)' : '(missed)'} |`);
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(packDir, { recursive: true, force: true });
  for (const image of images) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
}
