import type { RateLimit } from './api-limits.js';

interface Bucket { tokens: number; at: number }

/**
 * Token buckets in memory, one per name (a key id, a client address): per API process, which is
 * what protects that process. Idle buckets are full again, so they are forgotten; the map is also
 * capped, oldest first, so spraying names cannot grow it without bound.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limit: RateLimit, private readonly maxTracked = 100_000) {}

  /** 0 when the request may go ahead (a token is taken); otherwise milliseconds until a token is there. */
  take(name: string, now = Date.now()): number {
    const { perSecond, burst } = this.limit;
    if (perSecond <= 0 || burst <= 0) return 0;
    const b = this.buckets.get(name) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
    this.buckets.delete(name);
    if (b.tokens < 1) {
      this.buckets.set(name, b);
      return Math.ceil(((1 - b.tokens) / perSecond) * 1000);
    }
    b.tokens -= 1;
    // Re-inserting keeps the map in least-recently-used order for the eviction below.
    this.buckets.set(name, b);
    while (this.buckets.size > this.maxTracked) this.buckets.delete(this.buckets.keys().next().value!);
    return 0;
  }
}
