// Search answers kept for a few seconds: a marketplace asks the same few questions over and over, and
// ranking thousands of matching rows each time is what a busy registry would spend its database on.
// Every successful write through this process (publish, deprecate, yank, an install counted, a publisher
// changed) empties it, so this process's own changes show at once; a change made through another
// registry process on the same database shows once the entry expires. Identical searches that arrive
// while one is being answered wait for that one instead of asking the database again.

export interface SearchCacheOptions {
  /** How long an answer is kept; 0 turns the cache off. */
  ttlMs: number;
  /** The most answers kept (the least recently used go first). */
  maxEntries: number;
}

export class SearchCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<T>>();
  /** Bumped by every write: an answer that started before a write is not kept. */
  private generation = 0;

  constructor(
    private readonly options: SearchCacheOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The query's key: its fields sorted, so `?a=1&b=2` and `?b=2&a=1` are one entry. */
  static key(query: Record<string, unknown>): string {
    return JSON.stringify(
      Object.keys(query)
        .filter((k) => query[k] !== undefined)
        .sort()
        .map((k) => [k, query[k]]),
    );
  }

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.options.ttlMs <= 0) return compute();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.value;
    }
    if (hit) this.entries.delete(key);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = this.generation;
    const answer = compute().then(
      (value) => {
        if (this.inFlight.get(key) === answer) this.inFlight.delete(key);
        if (started === this.generation) this.store(key, value);
        return value;
      },
      (error: unknown) => {
        if (this.inFlight.get(key) === answer) this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, answer);
    return answer;
  }

  /** Forgets every answer (after a write). */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.inFlight.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private store(key: string, value: T): void {
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
