import { hypervolume } from '../../pareto/hypervolume.js';

/**
 * Hypervolume improvement of one point z over a set of points F (minimization, reference r):
 * the volume dominated by z and by nothing in F. In 2-D an O(|F|) walk along F's staircase;
 * in more dimensions vol([z, r]) minus the hypervolume of F clipped to z's box (every q
 * replaced by max(q, z)), which is what F already covers of that box.
 */
export class HvImprovement {
  private readonly staircase: number[][] | undefined;

  constructor(
    private readonly front: readonly (readonly number[])[],
    private readonly ref: readonly number[],
  ) {
    if (ref.length === 2) {
      // Sorted by f1; only points that lower f2 on the way form the staircase.
      const sorted = [...front].filter((q) => q[0]! < ref[0]! && q[1]! < ref[1]!).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
      const steps: number[][] = [];
      for (const q of sorted) if (steps.length === 0 || q[1]! < steps[steps.length - 1]![1]!) steps.push([q[0]!, q[1]!]);
      this.staircase = steps;
    }
  }

  of(z: readonly number[]): number {
    const r = this.ref;
    for (let i = 0; i < r.length; i++) if (!(z[i]! < r[i]!)) return 0;
    if (this.staircase) return this.of2d(z[0]!, z[1]!);
    // Most Monte Carlo draws land behind the front: no volume to compute there.
    if (this.front.some((q) => q.every((v, i) => v <= z[i]!))) return 0;
    let box = 1;
    for (let i = 0; i < r.length; i++) box *= r[i]! - z[i]!;
    const clipped = this.front.map((q) => q.map((v, i) => Math.max(v, z[i]!)));
    return Math.max(0, box - hypervolume(clipped, r));
  }

  /** Integrates, over f1 from z1 to r1, the gap between z2 and the staircase's level there. */
  private of2d(z1: number, z2: number): number {
    const steps = this.staircase!;
    const r1 = this.ref[0]!;
    let level = this.ref[1]!;
    let x = z1;
    let total = 0;
    for (const [q1, q2] of steps) {
      if (q1! <= z1) {
        level = Math.min(level, q2!);
        continue;
      }
      if (q1! >= r1) break;
      total += (q1! - x) * Math.max(0, level - z2);
      x = q1!;
      level = Math.min(level, q2!);
      if (level <= z2) return total;
    }
    return total + (r1 - x) * Math.max(0, level - z2);
  }
}
