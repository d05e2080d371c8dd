import type { GpuReading } from './gpus.js';

export interface GpuReadingAt extends GpuReading {
  /** When it was read, ms since the epoch. */
  at: number;
}

/**
 * The latest reading of each of the agent's GPUs, from whichever trial's sampler read it last,
 * for the agent's presence (the agents page). Readings older than `maxAgeMs` are left out: a
 * GPU nobody samples any more (its trial ended) shows no figure rather than a stale one.
 */
export class LatestGpuReadings {
  private readonly latest = new Map<number, GpuReadingAt>();

  constructor(private readonly maxAgeMs: number) {}

  record(readings: readonly GpuReading[], at: number): void {
    for (const r of readings) this.latest.set(r.index, { ...r, at });
  }

  /** The fresh readings by GPU index. */
  fresh(now: number): Map<number, GpuReadingAt> {
    const out = new Map<number, GpuReadingAt>();
    for (const [i, r] of this.latest) if (now - r.at <= this.maxAgeMs) out.set(i, r);
    return out;
  }
}
