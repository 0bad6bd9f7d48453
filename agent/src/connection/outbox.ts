// The bounded queue of events waiting for a control plane: numbered per agent (eventSeq), at most
// OUTBOX_LIMIT frames; on overflow the oldest go and one `gap` event says how many.
import { frame, OUTBOX_LIMIT, type Frame } from '@nullops/core/contracts';

export class Outbox {
  private readonly queued: Frame[] = [];
  private dropped: { count: number; from: number; to: number } | null = null;

  constructor(private readonly limit = OUTBOX_LIMIT) {}

  push(event: Frame): void {
    this.queued.push(event);
    while (this.queued.length > this.limit) {
      const oldest = this.queued.shift()!;
      const seq = oldest.eventSeq ?? 0;
      this.dropped = this.dropped ? { count: this.dropped.count + 1, from: this.dropped.from, to: seq } : { count: 1, from: seq, to: seq };
    }
  }

  get size(): number {
    return this.queued.length;
  }

  /**
   * Empties the outbox: the `gap` event first (numbered by `nextSeq`, so the control plane sees it before
   * the survivors), then the surviving events in order.
   */
  drain(nextSeq: () => number): Frame[] {
    const out: Frame[] = [];
    if (this.dropped) {
      out.push(frame('gap', { dropped: this.dropped.count, fromEventSeq: this.dropped.from, toEventSeq: this.dropped.to }, { eventSeq: nextSeq() }));
      this.dropped = null;
    }
    out.push(...this.queued.splice(0));
    return out;
  }
}
