// At most a few database searches at once; the others wait their turn, in order, in the registry. When
// PostgreSQL shares the machine's cores, twenty searches at once would take every core from the registry
// process itself, and kept answers (which cost it almost nothing) would wait behind them; in turn, the
// database works no faster with more searches than it has cores.

export class SearchGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the finishing search hands over its turn
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Searches waiting for their turn. */
  get queued(): number {
    return this.waiting.length;
  }
}
