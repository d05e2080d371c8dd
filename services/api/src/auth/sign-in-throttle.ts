/**
 * Slows password guessing per email: after `maxFailures` wrong passwords within `windowMs`, that
 * email is refused until the window has passed, whatever password is sent. Kept in memory (per
 * API process): enough against one guesser at a time; the per-IP rate limit covers floods.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly o: { maxFailures: number; windowMs: number; maxTracked: number } = { maxFailures: 10, windowMs: 15 * 60_000, maxTracked: 100_000 }) {}

  /** Milliseconds until the email may try again; 0 when it may now. */
  retryAfterMs(email: string, now = Date.now()): number {
    const recent = this.recent(email, now);
    return recent.length >= this.o.maxFailures ? recent[0]! + this.o.windowMs - now : 0;
  }

  recordFailure(email: string, now = Date.now()): void {
    const recent = this.recent(email, now);
    recent.push(now);
    this.failures.delete(email);
    this.failures.set(email, recent);
    // Oldest-first eviction keeps memory bounded when someone sprays random emails.
    while (this.failures.size > this.o.maxTracked) this.failures.delete(this.failures.keys().next().value!);
  }

  recordSuccess(email: string): void {
    this.failures.delete(email);
  }

  private recent(email: string, now: number): number[] {
    return (this.failures.get(email) ?? []).filter((t) => now - t < this.o.windowMs);
  }
}
