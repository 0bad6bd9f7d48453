// Reads container logs as lines (Docker's framing is split by the plugin runner's MultiplexedLineReader),
// for following, tailing and archiving.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { MultiplexedLineReader, type LogStreamName } from '@nullops/sdk/runner';

/** Splits a `timestamps: true` log line into its time and text. */
export function splitTimestamp(line: string): { at: string; text: string } {
  const space = line.indexOf(' ');
  const at = space > 0 ? line.slice(0, space) : '';
  if (at && !Number.isNaN(Date.parse(at))) return { at: new Date(Date.parse(at)).toISOString(), text: line.slice(space + 1) };
  return { at: new Date().toISOString(), text: line };
}

/** The last `count` lines of a container's log, stdout and stderr interleaved by time. */
export async function lastLogLines(docker: Docker, containerId: string, count: number): Promise<string[]> {
  const buffer = (await docker.getContainer(containerId).logs({ stdout: true, stderr: true, tail: count, timestamps: true, follow: false })) as unknown as Buffer;
  const lines: { at: string; text: string }[] = [];
  const reader = new MultiplexedLineReader((_, line) => lines.push(splitTimestamp(line)));
  reader.push(Buffer.isBuffer(buffer) ? buffer : Buffer.from(String(buffer)));
  reader.end();
  return lines.sort((a, b) => a.at.localeCompare(b.at)).slice(-count).map((l) => l.text);
}

export interface FollowOptions {
  since?: string;
  tail?: number;
  follow: boolean;
  signal: AbortSignal;
}

/** Streams a container's log lines to `sink` (with their times) until the end or the signal. */
export async function streamLogLines(docker: Docker, containerId: string, options: FollowOptions, sink: (stream: LogStreamName, at: string, line: string) => void): Promise<void> {
  const query: Record<string, unknown> = { stdout: true, stderr: true, timestamps: true, follow: options.follow };
  if (options.tail !== undefined) query.tail = options.tail;
  if (options.since) query.since = Math.floor(Date.parse(options.since) / 1000);
  const reader = new MultiplexedLineReader((stream, line) => {
    const { at, text } = splitTimestamp(line);
    sink(stream, at, text);
  });
  const container = docker.getContainer(containerId);
  if (!options.follow) {
    const buffer = (await container.logs({ ...query, follow: false } as never)) as unknown as Buffer;
    reader.push(Buffer.isBuffer(buffer) ? buffer : Buffer.from(String(buffer)));
    reader.end();
    return;
  }
  const stream = (await container.logs({ ...query, follow: true } as never)) as unknown as Readable;
  await new Promise<void>((resolve) => {
    const stop = () => {
      stream.destroy();
      resolve();
    };
    if (options.signal.aborted) return stop();
    options.signal.addEventListener('abort', stop, { once: true });
    stream.on('data', (chunk: Buffer) => reader.push(chunk));
    stream.on('end', () => {
      reader.end();
      resolve();
    });
    stream.on('error', () => resolve());
  });
}
