import type { GpuReading } from './gpus.js';
import type { LatestGpuReadings } from './gpu-latest.js';
import { Periodic } from './periodic.js';

export interface IdleGpuWatchOptions {
  /** The agent's GPUs. */
  indices: readonly number[];
  read(indices: readonly number[]): Promise<GpuReading[]>;
  readings: LatestGpuReadings;
  intervalMs: number;
  /** Told about the first failure only: a broken nvidia-smi should not flood the agent's log. */
  onFirstError(err: unknown): void;
  now?: () => number;
}

/**
 * Reads the GPUs no trial is sampling, so the agents page shows every GPU's utilisation and
 * memory, idle ones too. On a shared box that is how a GPU busy with someone else's process
 * shows before a trial lands on it. A GPU a trial samples is left to the trial's own sampler.
 */
export class IdleGpuWatch {
  private readonly periodic: Periodic;
  private failed = false;
  private readonly now: () => number;

  constructor(private readonly o: IdleGpuWatchOptions) {
    this.now = o.now ?? Date.now;
    this.periodic = new Periodic(() => this.sample(), o.intervalMs);
  }

  start(): void {
    this.periodic.start();
  }

  /** Stops reading; resolves once a reading in progress has been recorded. */
  async stop(): Promise<void> {
    await this.periodic.stop();
  }

  private async sample(): Promise<void> {
    const now = this.now();
    const fresh = this.o.readings.fresh(now);
    // Read last within one interval: a trial's sampler has it.
    const idle = this.o.indices.filter((i) => {
      const r = fresh.get(i);
      return r === undefined || now - r.at >= this.o.intervalMs;
    });
    if (idle.length === 0) return;
    let readings: GpuReading[];
    try {
      readings = await this.o.read(idle);
    } catch (err) {
      if (!this.failed) this.o.onFirstError(err);
      this.failed = true;
      return;
    }
    this.o.readings.record(readings, this.now());
  }
}
