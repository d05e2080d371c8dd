import { classificationSet, pretrain, selectBackend } from '@anneal/agent/tfjs';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSweep, startLiveStack, waitForSweep, type LiveStack } from './support/live-stack.js';

describe('population-based training with the built-in tfjs trainer', () => {
  let b: LiveStack;
  let model: string;
  let dataset: string;

  before(async () => {
    b = await startLiveStack('tfjspbt', 1, 4);
    await selectBackend('wasm', false);
    await pretrain({
      out: join(b.home, 'base'), corpusSize: 400, steps: 3, batchSize: 16, lr: 3e-3, seed: 4,
      shape: { maxLength: 32, dModel: 16, layers: 2, heads: 2, ffDim: 32 }, maxVocab: 300, log: () => undefined,
    });
    model = join(b.home, 'base', 'model.json');
    dataset = join(b.home, 'reviews.jsonl');
    await writeFile(dataset, classificationSet(6, 96).map((r) => JSON.stringify(r)).join('\n'));
  });
  after(async () => b.close());

  test('exploits through checkpoints: children continue from their parent\'s step with new hyperparameters', async () => {
    // 72 training examples in batches of 16: 5 steps an epoch, 20 in all; evaluations and
    // checkpoints every 5 steps, which is the PBT interval.
    const sweepId = await createSweep(b, {
      method: 'pbt',
      metric: { name: 'val/accuracy', goal: 'maximize' },
      run_cap: 10,
      max_concurrent: 4,
      pbt: { population_size: 4, interval: 5, quantile: 0.25, perturb: 0.2, resample_probability: 0.25 },
      trainer: {
        type: 'tfjs', model, dataset, validation_split: 0.25, max_length: 32, eval_every: 5,
        hyperparameters: { epochs: 4, batch_size: 16 },
      },
      parameters: {
        lr: { distribution: 'log_uniform_values', min: 1e-4, max: 1e-2 },
        dropout: { distribution: 'uniform', min: 0, max: 0.3 },
      },
    });
    assert.equal(await waitForSweep(b, sweepId, 150_000), 'COMPLETED');

    const trials: Array<{ id: string; status: string; parent: string | null; params: Record<string, unknown> }> = await b.stack.ds.query(
      `SELECT id, status, parent_trial_id AS parent, params FROM trial WHERE sweep_id = $1 ORDER BY number`, [sweepId]);
    const children = trials.filter((t) => t.parent !== null);
    assert.ok(children.length >= 1, `some members were replaced by children: ${JSON.stringify(trials.map((t) => t.status))}`);
    assert.ok(trials.some((t) => t.status === 'COMPLETED'));
    for (const child of children) {
      const [restore] = await b.stack.ds.query(
        `SELECT min(step)::int AS first FROM metric WHERE trial_id = $1 AND key = 'val/accuracy'`, [child.id]);
      const logs: Array<{ lines: string[] }> = await b.stack.ds.query(`SELECT lines FROM trial_log WHERE trial_id = $1`, [child.id]);
      const text = logs.flatMap((l) => l.lines).join('\n');
      const from = /continuing from step (\d+)/.exec(text);
      assert.ok(from, `child ${child.id} restored a checkpoint: ${text.slice(0, 500)}`);
      if (restore.first !== null) assert.ok(restore.first > Number(from[1]), 'it trains on from the checkpoint, not from scratch');
    }
  });
});
