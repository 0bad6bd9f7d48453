// Runs one plugin container to its end (PLUGIN-CONTRACT.md, "One run"): envelope on stdin, stdout
// collected, stderr streamed line by line, SIGTERM at the deadline or on cancel and SIGKILL 10 s later.
import type Docker from 'dockerode';
import type { ContainerCreateOptions } from 'dockerode';
import type { Duplex } from 'node:stream';
import { MultiplexedLineReader } from './multiplexed-lines.js';

const STDOUT_LIMIT = 1024 * 1024;

export interface PluginContainerRun {
  spec: ContainerCreateOptions;
  stdin: string;
  timeoutSeconds: number;
  killAfterSeconds: number;
  signal: AbortSignal;
  onStderrLine: (line: string) => void;
}

export interface PluginContainerOutcome {
  exitCode: number;
  stdout: string;
  timedOut: boolean;
  cancelled: boolean;
}

export async function runPluginContainer(docker: Docker, run: PluginContainerRun): Promise<PluginContainerOutcome> {
  const container = await docker.createContainer(run.spec);
  try {
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
    let stdout = '';
    const reader = new MultiplexedLineReader((name, line) => {
      if (name === 'stderr') run.onStderrLine(line);
      else if (stdout.length < STDOUT_LIMIT) stdout += `${line}\n`;
    });
    const streamEnded = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => reader.push(chunk));
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', () => resolve());
    });
    await container.start();
    stream.write(run.stdin);
    stream.end();

    let timedOut = false;
    let cancelled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const terminate = () => {
      if (killTimer) return;
      container.kill({ signal: 'SIGTERM' }).catch(() => undefined);
      killTimer = setTimeout(() => container.kill({ signal: 'SIGKILL' }).catch(() => undefined), run.killAfterSeconds * 1000);
    };
    const deadline = setTimeout(() => {
      timedOut = true;
      terminate();
    }, run.timeoutSeconds * 1000);
    const onAbort = () => {
      cancelled = true;
      terminate();
    };
    if (run.signal.aborted) onAbort();
    else run.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = (await container.wait()) as { StatusCode: number };
      await Promise.race([streamEnded, new Promise((r) => setTimeout(r, 2000))]);
      reader.end();
      return { exitCode: result.StatusCode, stdout, timedOut, cancelled };
    } finally {
      clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      run.signal.removeEventListener('abort', onAbort);
    }
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
