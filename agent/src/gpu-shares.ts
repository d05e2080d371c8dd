/**
 * Which of the agent's GPUs are in use. Each GPU has `perGpu` shares (1 unless several trials
 * are meant to share a GPU); a trial needing n GPUs takes one share on each of n distinct GPUs.
 */
export class GpuShares {
  private readonly used = new Map<number, number>();

  constructor(
    readonly indices: readonly number[],
    readonly perGpu: number,
  ) {
    for (const i of indices) this.used.set(i, 0);
  }

  get count(): number {
    return this.indices.length;
  }

  /** GPUs with at least one free share. */
  get freeGpus(): number {
    return this.indices.filter((i) => this.used.get(i)! < this.perGpu).length;
  }

  /** n distinct GPUs, the least used first (ties: lowest index), or null when fewer than n have room. */
  take(n: number): number[] | null {
    if (n === 0) return [];
    const candidates = this.indices
      .filter((i) => this.used.get(i)! < this.perGpu)
      .sort((a, b) => this.used.get(a)! - this.used.get(b)! || a - b);
    if (candidates.length < n) return null;
    const chosen = candidates.slice(0, n).sort((a, b) => a - b);
    for (const i of chosen) this.used.set(i, this.used.get(i)! + 1);
    return chosen;
  }

  give(gpus: readonly number[]): void {
    for (const i of gpus) {
      const u = this.used.get(i);
      if (u !== undefined && u > 0) this.used.set(i, u - 1);
    }
  }
}
