import { SweepStore } from '@anneal/db';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSchedulerHarness, type SchedulerHarness } from './harness.js';

/** What the scheduler tells the searcher about infeasible trials, and what it records. */
describe('infeasible trials reach the searcher', () => {
  let h: SchedulerHarness;
  before(async () => { h = await startSchedulerHarness(); });
  after(async () => { await h.close(); });

  const finish = (id: string, status: string, infeasible: object | null) =>
    h.setTrial(id, { status, objective: status === 'COMPLETED' ? 0.5 : null, startedMinutesAgo: 0, finished: true, infeasible });
  const report = (id: string, key: string, values: number[]) => h.report(id, key, values.map((v, step) => [step, v] as const));

  test('an out-of-memory trial is told infeasible; a completed one with its constrained metric, over the bound, too', async () => {
    const id = await h.addSweep({
      method: 'random', metric: { name: 'loss', goal: 'minimize' }, parameters: { x: { min: 0, max: 1 } }, max_concurrent: 3,
      constraints: [{ name: 'gpu_mem_gib', max: 70 }],
    });
    assert.equal((await h.tick(id))?.created, 3);
    const [oom, over, within] = await h.trials(id);
    await finish(oom!.id, 'FAILED', { reason: 'out_of_memory', evidence: 'RuntimeError: CUDA out of memory.' });
    // The latest value counts, not the peak: 60 then 75.
    await report(over!.id, 'gpu_mem_gib', [60, 75]);
    await finish(over!.id, 'COMPLETED', null);
    await report(within!.id, 'gpu_mem_gib', [80, 65]);
    await report(within!.id, 'loss', [0.5]);
    await finish(within!.id, 'COMPLETED', null);
    await h.tick(id);
    const state = await h.told(id);
    assert.equal(state[oom!.number]?.infeasible, true);
    assert.equal(state[oom!.number]?.constraints, undefined, 'it reported no constrained metric');
    assert.equal(state[over!.number]?.infeasible, true);
    assert.deepEqual(state[over!.number]?.constraints, { gpu_mem_gib: 75 });
    assert.equal(state[within!.number]?.infeasible, undefined);
    assert.deepEqual(state[within!.number]?.constraints, { gpu_mem_gib: 65 });

    const events: Array<{ trial_id: string; data: Record<string, unknown> }> = await h.ds.query(
      `SELECT trial_id, data FROM trial_event WHERE sweep_id = $1 AND type = 'infeasible'`, [id],
    );
    assert.equal(events.length, 1, 'only the trial that broke the bound gets a constraint event (ingest records out-of-memory ones)');
    assert.equal(events[0]!.trial_id, over!.id);
    assert.deepEqual({ ...events[0]!.data, summary: undefined }, { reason: 'constraint', metric: 'gpu_mem_gib', value: 75, max: 70, summary: undefined });
    assert.match(String(events[0]!.data.summary), /gpu_mem_gib ended at 75, but the constraint allows at most 70/);

    const marked: Array<{ id: string; infeasible: { reason: string; evidence: string } | null }> = await h.ds.query(
      `SELECT id, infeasible FROM trial WHERE sweep_id = $1`, [id],
    );
    const verdict = new Map(marked.map((r) => [r.id, r.infeasible]));
    assert.equal(verdict.get(over!.id)?.reason, 'constraint', 'the trial is marked infeasible, not only given an event');
    assert.match(verdict.get(over!.id)?.evidence ?? '', /gpu_mem_gib ended at 75/);
    assert.equal(verdict.get(oom!.id)?.reason, 'out_of_memory', "the agent's verdict stays");
    assert.equal(verdict.get(within!.id), null);
  });

  test('parameter constraints that leave nothing to propose end the sweep with the reason', async () => {
    // Stored sweeps skip admission; x can never reach 2, so the sampler finds nothing.
    const id = await h.addSweep({ method: 'random', parameters: { x: { min: 0, max: 1 } }, max_concurrent: 2, constraints: ['x >= 2'] });
    assert.equal((await h.tick(id))?.created, 0);
    const s = (await new SweepStore(h.ds).get(id))!;
    assert.equal(s.status, 'COMPLETED');
    assert.match(s.statusReason ?? '', /no params meeting the constraints/);
  });
});
