// Search answers kept for a few seconds: a marketplace asks the same few questions over and over, and
// ranking thousands of matching rows each time is what a busy registry would spend its database on.
// Every successful write through this process (publish, deprecate, yank, an install counted, a publisher
// changed) empties it, so this process's own changes show at once; a change made through another
// registry process on the same database shows once the entry expires. Identical searches that arrive
// while one is being answered wait for that one instead of asking the database again. An answer past its
// time, but not by more than one more time to live, is still served while one search refreshes it in the
// background (stale-while-revalidate), so a popular search never waits for the database when it expires.

export interface SearchCacheOptions {
  /** How long an answer is kept; 0 turns the cache off. */
  ttlMs: number;
  /** The most answers kept (the least recently used go first). */
  maxEntries: number;
}

/**
 * How a search was answered: `hit` a kept answer; `stale` a kept answer past its time, while one search
 * refreshes it; `shared` the answer of an identical search in flight; `miss` the database (always, when off).
 */
export type SearchCacheOutcome = 'hit' | 'stale' | 'shared' | 'miss';

export class SearchCache<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<T>>();
  /** Bumped by every write: an answer that started before a write is not kept. */
  private generation = 0;
  /** Searches answered, by outcome, since the process started (exposed on /metrics). */
  readonly outcomes: Record<SearchCacheOutcome, number> = { hit: 0, stale: 0, shared: 0, miss: 0 };

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

  /** The answer for `key`; `told` hears at once how it is answered (the route says it in a response header). */
  async get(key: string, compute: () => Promise<T>, told: (outcome: SearchCacheOutcome) => void = () => {}): Promise<T> {
    const answeredBy = (outcome: SearchCacheOutcome) => {
      this.outcomes[outcome]++;
      told(outcome);
    };
    if (this.options.ttlMs <= 0) {
      answeredBy('miss');
      return compute();
    }
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept) {
      this.entries.delete(key);
      if (kept.expiresAt > now) {
        this.entries.set(key, kept); // most recently used last
        answeredBy('hit');
        return kept.value;
      }
      if (kept.expiresAt + this.options.ttlMs > now) {
        this.entries.set(key, kept);
        if (!this.inFlight.has(key)) this.ask(key, compute).catch(() => {}); // the next search after it expires asks again
        answeredBy('stale');
        return kept.value;
      }
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      answeredBy('shared');
      return pending;
    }
    answeredBy('miss');
    return this.ask(key, compute);
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

  /** Asks the database once for `key`; identical searches meanwhile share the answer, which is kept unless a write came first. */
  private ask(key: string, compute: () => Promise<T>): Promise<T> {
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

  private store(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
