// One queue per key (a deployment id): work for a key runs one at a time, in order, while different keys
// run side by side. A request that arrives while one is already waiting joins it — the waiting converge
// reads the newest desired state when it starts, so a second one would only repeat it.

export class SerialQueues<T> {
  private readonly queues = new Map<string, { tail: Promise<void>; waiting: Promise<T> | null; pending: number }>();

  constructor(private readonly onError: (key: string, error: Error) => void) {}

  /** Runs `work(key)` after everything queued for the key; joins the one still waiting to start, if any. */
  run(key: string, work: (key: string) => Promise<T>): Promise<T | undefined> {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { tail: Promise.resolve(), waiting: null, pending: 0 };
      this.queues.set(key, queue);
    }
    if (queue.waiting) return queue.waiting.catch(() => undefined);
    const q = queue;
    q.pending++;
    const job = q.tail.then(() => {
      q.waiting = null;
      return work(key);
    });
    q.waiting = job;
    q.tail = job.then(
      () => undefined,
      (error: Error) => this.onError(key, error),
    );
    void q.tail.then(() => {
      if (--q.pending === 0 && this.queues.get(key) === q) this.queues.delete(key);
    });
    return job.catch(() => undefined);
  }

  /** Whether work for the key is running or waiting. */
  busy(key: string): boolean {
    return this.queues.has(key);
  }

  /** Settles once everything queued now (and anything it queues) has run. */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()].map((q) => q.tail));
  }
}
