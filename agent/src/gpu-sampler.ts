import type { MetricPoint } from '@anneal/protocol';
import type { GpuReading } from './gpus.js';
import { Periodic } from './periodic.js';

/** Metric keys of the agent's own GPU readings; `system/` keeps them apart from the trainer's. */
export function gpuMetricPoints(readings: readonly GpuReading[], step: number, t: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const r of readings) {
    if (r.utilization !== null) points.push({ key: `system/gpu${r.index}/util`, step, value: r.utilization, t });
    if (r.memoryUsedMiB !== null) points.push({ key: `system/gpu${r.index}/mem_mib`, step, value: r.memoryUsedMiB, t });
  }
  return points;
}

export interface GpuSamplerOptions {
  read(): Promise<GpuReading[]>;
  emit(points: MetricPoint[]): void;
  /** Every successful reading, for the agent's own view of its GPUs (presence). */
  onReadings?(readings: GpuReading[], t: number): void;
  /** Told about the first failure only: a broken nvidia-smi should not flood the trial's log. */
  onFirstError(err: unknown): void;
  intervalMs: number;
  now?: () => number;
}

/**
 * Samples the trial's GPUs from start() until stop(). The step is whole seconds since start(), so
 * the series lines up with wall time; a reading that lands in an already sampled second is dropped,
 * since (trial, key, step) is unique and the first value would win anyway.
 */
export class GpuSampler {
  private readonly periodic: Periodic;
  private startedAt = 0;
  private lastStep = -1;
  private failed = false;
  private readonly now: () => number;

  constructor(private readonly o: GpuSamplerOptions) {
    this.now = o.now ?? Date.now;
    this.periodic = new Periodic(() => this.sample(), o.intervalMs);
  }

  start(): void {
    this.startedAt = this.now();
    this.periodic.start();
  }

  /** Stops sampling; resolves once a reading in progress has been emitted or dropped. */
  async stop(): Promise<void> {
    await this.periodic.stop();
  }

  private async sample(): Promise<void> {
    let readings: GpuReading[];
    try {
      readings = await this.o.read();
    } catch (err) {
      if (!this.failed) this.o.onFirstError(err);
      this.failed = true;
      return;
    }
    if (this.periodic.stopped) return;
    const t = this.now();
    this.o.onReadings?.(readings, t);
    const step = Math.max(0, Math.floor((t - this.startedAt) / 1000));
    if (step <= this.lastStep) return;
    this.lastStep = step;
    const points = gpuMetricPoints(readings, step, t);
    if (points.length > 0) this.o.emit(points);
  }
}
