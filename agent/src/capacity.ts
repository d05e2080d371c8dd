import { AgentError } from './errors.js';
import { GpuShares } from './gpu-shares.js';

/** What the pull loop needs to know to never fetch work the agent cannot start. */
export interface PullGate {
  /** Assignments that may be fetched now. */
  readonly pullable: number;
  /** Resolves when pullable may have grown, or on wake(). */
  waitForPullable(): Promise<void>;
  /** Takes a trial slot for a fetched message; false when none is free (the message goes back). */
  acquire(): boolean;
  wake(): void;
}

interface GpuWaiter {
  n: number;
  resolve(gpus: number[]): void;
  reject(e: unknown): void;
}

/**
 * Trial slots and, on GPU agents, GPUs. A trial first takes a slot (when its message is fetched),
 * then the GPUs it needs; while one waits for GPUs that its siblings still hold, nothing more is
 * pulled, so a trial needing several GPUs is not starved by single-GPU ones behind it.
 */
export class Capacity implements PullGate {
  private usedSlots = 0;
  private readonly gpus: GpuShares | null;
  private readonly gpuQueue: GpuWaiter[] = [];
  private waiters: Array<() => void> = [];

  constructor(
    readonly slots: number,
    gpuIndices: readonly number[] = [],
  ) {
    if (!Number.isInteger(slots) || slots < 1) throw new AgentError('BAD_OPTIONS', `slots must be a positive integer, got ${slots}`);
    if (gpuIndices.length > 0 && slots % gpuIndices.length !== 0) {
      throw new AgentError(
        'BAD_OPTIONS',
        `with --gpus, --slots must be a multiple of the GPU count (${gpuIndices.length}): slots / GPUs trials share each GPU; got ${slots}`,
      );
    }
    this.gpus = gpuIndices.length === 0 ? null : new GpuShares(gpuIndices, slots / gpuIndices.length);
  }

  get gpuCount(): number {
    return this.gpus?.count ?? 0;
  }

  get freeSlots(): number {
    return this.slots - this.usedSlots;
  }

  get pullable(): number {
    if (this.gpus === null) return this.freeSlots;
    // One at a time: only the message says how many GPUs the next trial needs.
    return this.freeSlots > 0 && this.gpuQueue.length === 0 && this.gpus.freeGpus > 0 ? 1 : 0;
  }

  /** How many GPUs the trial holding `gpus` has, counting a shared GPU as its share (GPU-hours = this × hours). */
  gpuShare(gpus: readonly number[]): number {
    return this.gpus === null ? 0 : gpus.length / this.gpus.perGpu;
  }

  /** The GPUs a trial gets when it does not say: one on a GPU agent, none elsewhere. */
  defaultGpus(): number {
    return this.gpus === null ? 0 : 1;
  }

  acquire(): boolean {
    if (this.usedSlots >= this.slots) return false;
    this.usedSlots++;
    return true;
  }

  release(): void {
    if (this.usedSlots > 0) this.usedSlots--;
    this.notify();
  }

  /**
   * n distinct GPUs for one trial, waiting in line while other trials of this agent hold them.
   * Rejects at once when the agent could never give n, and with the signal's reason when aborted.
   */
  takeGpus(n: number, signal: AbortSignal): Promise<number[]> {
    if (n === 0) return Promise.resolve([]);
    if (this.gpus === null) {
      return Promise.reject(new AgentError('TOO_FEW_GPUS', `the trial needs ${n} GPU${n === 1 ? '' : 's'}, but this agent runs without GPUs (start it with --gpus)`));
    }
    if (n > this.gpus.count) {
      return Promise.reject(new AgentError('TOO_FEW_GPUS', `the trial needs ${n} GPUs, but this agent has ${this.gpus.count}`));
    }
    if (this.gpuQueue.length === 0) {
      const now = this.gpus.take(n);
      if (now !== null) return Promise.resolve(now);
    }
    return new Promise<number[]>((resolve, reject) => {
      const waiter: GpuWaiter = { n, resolve, reject };
      this.gpuQueue.push(waiter);
      signal.addEventListener(
        'abort',
        () => {
          const at = this.gpuQueue.indexOf(waiter);
          if (at === -1) return;
          this.gpuQueue.splice(at, 1);
          reject(signal.reason);
          this.serveQueue();
        },
        { once: true },
      );
    });
  }

  giveGpus(gpus: readonly number[]): void {
    if (gpus.length === 0) return;
    this.gpus?.give(gpus);
    this.serveQueue();
  }

  async waitForPullable(): Promise<void> {
    if (this.pullable > 0) return;
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  // Strictly first come, first served: a later small request never overtakes a waiting big one.
  private serveQueue(): void {
    while (this.gpus !== null && this.gpuQueue.length > 0) {
      const head = this.gpuQueue[0]!;
      const gpus = this.gpus.take(head.n);
      if (gpus === null) break;
      this.gpuQueue.shift();
      head.resolve(gpus);
    }
    this.notify();
  }

  private notify(): void {
    if (this.pullable > 0) this.wake();
  }
}
