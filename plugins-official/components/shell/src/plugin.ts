// nullops/shell: runs the script with `sh -e` in a fresh directory under /tmp (the only writable place
// in a plugin container), its stdout and stderr as log lines, its outputs from `$NULLOPS_OUTPUTS`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PluginError, type PluginDefinition } from '@nullops/sdk';
import { manifest, type input, type output } from './manifest.js';
import { parseOutputLines } from './output-lines.js';

const TAIL_LINES = 10;

export const shell: PluginDefinition<typeof input, typeof output> = {
  manifest,
  async run(params, context, log) {
    const workdir = mkdtempSync(join(tmpdir(), 'nullops-shell-'));
    const outputsFile = join(workdir, 'outputs');
    writeFileSync(outputsFile, '');
    const secrets = Object.values(params.secretEnv).filter((v) => v.length >= 4);
    const mask = (line: string) => secrets.reduce((text, secret) => text.split(secret).join('***'), line);
    const tail: string[] = [];
    try {
      const child = spawn('sh', ['-e', '-c', params.script], {
        cwd: workdir,
        env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: workdir, TMPDIR: workdir, ...params.env, ...params.secretEnv, NULLOPS_OUTPUTS: outputsFile, NULLOPS_DEPLOYMENT: context.deployment.name },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const onAbort = () => child.kill('SIGTERM');
      context.signal.addEventListener('abort', onAbort, { once: true });
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream }).on('line', (line) => {
          const shown = mask(line);
          log.info(shown);
          tail.push(shown);
          if (tail.length > TAIL_LINES) tail.shift();
        });
      }
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => resolve({ code, signal }));
      });
      context.signal.removeEventListener('abort', onAbort);
      if (exit.code !== 0) {
        const how = exit.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit.code}`;
        throw new PluginError('SCRIPT_FAILED', `the script ${how}${tail.length ? `; its last output:\n${tail.join('\n')}` : ' without output'}`);
      }
      const parsed = parseOutputLines(readFileSync(outputsFile, 'utf8'));
      if ('error' in parsed) throw new PluginError('SCRIPT_OUTPUTS_INVALID', parsed.error);
      return parsed.outputs;
    } finally {
      rmSync(workdir, { recursive: true, force: true });
    }
  },
};
