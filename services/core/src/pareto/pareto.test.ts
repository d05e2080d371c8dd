/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crowdingDistance, paretoOrder } from './crowding.js';
import { dominates, paretoFront, paretoRanks } from './dominance.js';
import { hypervolume, hypervolumeContributions } from './hypervolume.js';

/** Small integer coordinates make ties and duplicates common, where sorting code breaks. */
const pointsOf = (m: number, maxLength = 12) => fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: m, maxLength: m }), { minLength: 1, maxLength: maxLength });
const anyDims = fc.integer({ min: 2, max: 4 }).chain((m) => pointsOf(m).map((points) => ({ m, points })));

/** Rank by definition: peel off the non-dominated points of what is left, again and again. */
function bruteRanks(points: number[][]): number[] {
  const rank = new Array<number>(points.length).fill(-1);
  for (let r = 0; rank.includes(-1); r++) {
    const left = [...points.keys()].filter((i) => rank[i] === -1);
    const front = left.filter((i) => !left.some((j) => dominates(points[j]!, points[i]!)));
    for (const i of front) rank[i] = r;
  }
  return rank;
}

/**
 * Hypervolume by definition: cut the box below ref at every coordinate any point has, and add
 * up the cells some point dominates (a cell is dominated when its lower corner is).
 */
function bruteHypervolume(points: number[][], ref: number[]): number {
  const m = ref.length;
  const cuts = ref.map((r, o) => [...new Set([...points.map((p) => p[o]!).filter((v) => v < r), r])].sort((a, b) => a - b));
  let total = 0;
  const visit = (o: number, corner: number[], size: number): void => {
    if (o === m) {
      if (points.some((p) => p.every((v, i) => v <= corner[i]!))) total += size;
      return;
    }
    const c = cuts[o]!;
    for (let i = 0; i + 1 < c.length; i++) visit(o + 1, [...corner, c[i]!], size * (c[i + 1]! - c[i]!));
  };
  visit(0, [], 1);
  return total;
}

test('Pareto ranks match peeling fronts off by definition', () => {
  fc.assert(fc.property(anyDims, ({ points }) => {
    assert.deepEqual(paretoRanks(points), bruteRanks(points));
  }));
});

test('Pareto ranks match the definition on larger sets with many ties and duplicates (the sorted, binary-searched fronts)', () => {
  const larger = fc.integer({ min: 2, max: 4 }).chain((m) => pointsOf(m, 80).map((points) => ({ m, points })));
  fc.assert(fc.property(larger, ({ points }) => {
    assert.deepEqual(paretoRanks(points), bruteRanks(points));
  }), { numRuns: 300 });
  // A chain (every point on its own front) and one front (every point on the first).
  const chain = Array.from({ length: 50 }, (_, i) => [i, i]);
  assert.deepEqual(paretoRanks(chain), chain.map((_, i) => i));
  const line = Array.from({ length: 50 }, (_, i) => [i, 49 - i, 0]);
  assert.deepEqual(paretoRanks(line), line.map(() => 0));
});

test('the front is rank 0: no point of it is dominated, every other point is', () => {
  fc.assert(fc.property(anyDims, ({ points }) => {
    const front = new Set(paretoFront(points));
    points.forEach((p, i) => {
      const beaten = points.some((q) => dominates(q, p));
      assert.equal(front.has(i), !beaten);
    });
  }));
});

test('hypervolume equals the volume of dominated grid cells in 2, 3 and 4 dimensions', () => {
  fc.assert(fc.property(anyDims, ({ m, points }) => {
    const ref = new Array<number>(m).fill(5);
    const hv = hypervolume(points, ref);
    assert.ok(Math.abs(hv - bruteHypervolume(points, ref)) < 1e-9, `${hv} vs ${bruteHypervolume(points, ref)}`);
  }), { numRuns: 200 });
});

test('hypervolume is unchanged by dominated points and grows with a non-dominated one', () => {
  fc.assert(fc.property(anyDims, ({ m, points }) => {
    const ref = new Array<number>(m).fill(7);
    const front = paretoFront(points).map((i) => points[i]!);
    assert.ok(Math.abs(hypervolume(points, ref) - hypervolume(front, ref)) < 1e-9);
    const better = points[0]!.map((_, o) => Math.min(...points.map((p) => p[o]!)) - 0.5);
    assert.ok(hypervolume([...points, better], ref) > hypervolume(points, ref));
  }));
});

test('hypervolume of known fronts', () => {
  assert.equal(hypervolume([[1, 1]], [2, 3]), 2);
  assert.equal(hypervolume([[0, 2], [1, 1], [2, 0]], [3, 3]), 6);
  assert.equal(hypervolume([[0, 2], [1, 1], [2, 0], [2, 2]], [3, 3]), 6);
  assert.equal(hypervolume([[4, 0]], [3, 3]), 0, 'points beyond the reference add nothing');
  assert.equal(hypervolume([[0, 0, 0]], [1, 2, 3]), 6);
  // Two unit cubes overlapping in a 1x1x0.5 slab.
  assert.equal(hypervolume([[0, 0, 0], [0, 0, 0.5]], [1, 1, 1]), 1);
  // Three 2x1x1 boxes; each pair and all three share the same unit cube: 6 - 3 + 1.
  assert.equal(hypervolume([[0, 1, 1], [1, 0, 1], [1, 1, 0]], [2, 2, 2]), 4);
  assert.equal(hypervolume([[0, 0, 0, 0]], [1, 1, 1, 2]), 2);
  // ZDT1's true front f2 = 1 - sqrt(f1), densely sampled: HV -> 1.1 * 6 - 1/3 w.r.t. (1.1, 6).
  const front = Array.from({ length: 20001 }, (_, i) => [i / 20000, 1 - Math.sqrt(i / 20000)]);
  assert.ok(Math.abs(hypervolume(front, [1.1, 6]) - (6.6 - 1 / 3)) < 1e-3);
  assert.throws(() => hypervolume([[1, 2, 3]], [4, 4]), /objectives/);
});

test('hypervolume contributions: the loss from removing each point alone', () => {
  assert.deepEqual(hypervolumeContributions([[0, 2], [1, 1], [2, 0]], [3, 3]), [1, 1, 1]);
  assert.deepEqual(hypervolumeContributions([[1, 1], [1, 1]], [3, 3]), [0, 0]);
});

test('crowding distance: extremes are infinite, the rest sum normalized neighbour gaps', () => {
  const pts = [[0, 4], [1, 2], [3, 1], [4, 0]];
  const d = crowdingDistance(pts, [0, 1, 2, 3]);
  assert.equal(d[0], Infinity);
  assert.equal(d[3], Infinity);
  assert.ok(Math.abs(d[1]! - (3 / 4 + 3 / 4)) < 1e-12);
  assert.ok(Math.abs(d[2]! - (3 / 4 + 2 / 4)) < 1e-12);
});

test('crowding distance matches its definition on random fronts', () => {
  fc.assert(fc.property(anyDims, ({ m, points }) => {
    const members = [...points.keys()];
    const d = crowdingDistance(points, members);
    members.forEach((i, k) => {
      let expected = 0;
      for (let o = 0; o < m; o++) {
        const vals = members.map((j) => points[j]![o]!);
        const lo = Math.min(...vals);
        const hi = Math.max(...vals);
        // Ties are broken by a stable sort on the value: the neighbours are the adjacent ones in that order.
        const order = [...members.keys()].sort((a, b) => vals[a]! - vals[b]!);
        const r = order.indexOf(k);
        if (r === 0 || r === order.length - 1) expected = Infinity;
        else if (hi > lo) expected += (vals[order[r + 1]!]! - vals[order[r - 1]!]!) / (hi - lo);
      }
      assert.equal(d[k], expected, `point ${i}`);
    });
  }));
});

test('the Pareto order lists ranks in turn, the most isolated first within a rank', () => {
  fc.assert(fc.property(anyDims, ({ points }) => {
    const order = paretoOrder(points);
    assert.deepEqual([...order].sort((a, b) => a - b), [...points.keys()]);
    const rank = paretoRanks(points);
    for (let i = 1; i < order.length; i++) assert.ok(rank[order[i - 1]!]! <= rank[order[i]!]!);
  }));
  const pts = [[0, 4], [1, 2], [3, 1], [4, 0], [5, 5], [1.2, 1.9]];
  assert.deepEqual(paretoOrder(pts).slice(-1), [4]);
  assert.deepEqual(paretoOrder(pts).slice(0, 2), [0, 3]);
});
