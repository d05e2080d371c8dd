export interface BatchPolicy {
  maxItems: number;
  /** Bounds the encoded message, which the protocol caps at MAX_MESSAGE_BYTES. */
  maxBytes: number;
  /** How long the first item of a batch may wait for company. */
  maxDelayMs: number;
}

/**
 * Groups items into batches by count, size and age. Pure: the caller owns the clock and
 * the timer, asking deadline() when to come back and due() whether that time has come.
 */
export class Batcher<T> {
  private items: T[] = [];
  private bytes = 0;
  private firstAt: number | null = null;

  constructor(
    private readonly policy: BatchPolicy,
    private readonly sizeOf: (item: T) => number,
  ) {}

  /** Adds an item; returns the batches that became full (usually none). */
  add(item: T, now: number): T[][] {
    const full: T[][] = [];
    const size = this.sizeOf(item);
    if (this.items.length > 0 && this.bytes + size > this.policy.maxBytes) full.push(this.take());
    this.items.push(item);
    this.bytes += size;
    this.firstAt ??= now;
    if (this.items.length >= this.policy.maxItems || this.bytes >= this.policy.maxBytes) full.push(this.take());
    return full;
  }

  get size(): number {
    return this.items.length;
  }

  deadline(): number | null {
    return this.firstAt === null ? null : this.firstAt + this.policy.maxDelayMs;
  }

  due(now: number): boolean {
    const d = this.deadline();
    return d !== null && now >= d;
  }

  /** Everything pending, as one batch; empty when nothing is. */
  take(): T[] {
    const batch = this.items;
    this.items = [];
    this.bytes = 0;
    this.firstAt = null;
    return batch;
  }
}
