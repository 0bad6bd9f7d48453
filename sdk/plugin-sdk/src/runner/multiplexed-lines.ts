// Docker multiplexes a container's stdout and stderr into framed chunks (8-byte header + payload); this
// splits them back into (stream, line) pairs. The plugin runner reads plugin output with it and the
// agent reads service and job logs with it.
export type LogStreamName = 'stdout' | 'stderr';
export type LineSink = (stream: LogStreamName, line: string) => void;

/** Turns Docker's multiplexed log frames (8-byte header + payload) into lines per stream. */
export class MultiplexedLineReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<LogStreamName, string> = { stdout: '', stderr: '' };

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream: LogStreamName = this.pending[0] === 2 ? 'stderr' : 'stdout';
      this.text(stream, this.pending.subarray(8, 8 + size).toString('utf8'));
      this.pending = this.pending.subarray(8 + size);
    }
  }

  /** Emits whatever partial lines remain. */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) this.sink(stream, this.partial[stream]);
      this.partial[stream] = '';
    }
  }

  private text(stream: LogStreamName, text: string): void {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.sink(stream, line.replace(/\r$/, ''));
  }
}
