import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeStop as describeEvidence, readDecision } from '../src/lib/decisions.ts';
import type { StopEvidence } from '../src/lib/stop-evidence.ts';

/** Fixtures list only the fields the wording reads; the core records more (cohort values, fits, ...). */
const describeStop = (evidence: object): string => describeEvidence(evidence as StopEvidence);

describe('describeStop', () => {
  it('explains each rule from its evidence', () => {
    assert.equal(
      describeStop({ rule: 'forecast', view: 'own curve', optimistic_final: 0.71, horizon: 96, threshold: 0.8222, threshold_trial: 7 }),
      'forecast from its own curve: at best 0.7100 at step 96, short of the best completed 0.8222 (trial #7)',
    );
    assert.equal(
      describeStop({ rule: 'asha', value: 0.6, kept: 3, cohort_size: 8, rung: 1, threshold: 0.65 }),
      '0.6000 is outside the best 3 of 8 at rung 1 (cut-off 0.6500)',
    );
    assert.equal(describeStop({ rule: 'median', value: 2, threshold: 1.5, cohort_size: 6 }), '2.000 is worse than the median 1.500 of 6 trials at this step');
    assert.equal(
      describeStop({ rule: 'hyperband', value: 0.6, kept: 3, cohort_size: 8, rung: 1, threshold: 0.65 }),
      '0.6000 is outside the best 3 of 8 at rung 1 (cut-off 0.6500)',
    );
    assert.equal(
      describeStop({ rule: 'forecast', view: 'cohort', optimistic_final: 0.71, horizon: 96, threshold: 0.8222 }),
      'forecast from its cohort: at best 0.7100 at step 96, short of the best completed 0.8222',
    );
  });

  it('shows the raw evidence of a rule it does not know, and ? for missing fields', () => {
    // Stored JSON is not checked against StopEvidence, so both can reach it.
    assert.match(describeStop({ rule: 'custom', x: 1 } as unknown as StopEvidence), /^custom: \{"rule":"custom","x":1\}$/);
    assert.equal(describeStop({ rule: 'median' } as unknown as StopEvidence), '? is worse than the median ? of ? trials at this step');
  });
});

describe('describeStop for PBT', () => {
  it('says where the replacement comes from and what it changed', () => {
    // As the core records it: with fields the wording does not use (quantile).
    const evidence = { rank: 4, rule: 'pbt', step: 15, value: 0.3333, parent: 4, restore: { step: 15, trial: 4 }, quantile: 0.25, threshold: 0.3333, population: 4, child_params: { lr: 0.0035860064, dropout: 0.0755 } } as const;
    assert.equal(
      describeStop(evidence),
      "ranked 4 of 4 at step 15 (0.3333, cut-off 0.3333): replaced by a child from trial #4's step-15 checkpoint with lr 0.003586, dropout 0.07550",
    );
    assert.equal(
      describeStop({ rank: 3, rule: 'pbt', step: 15, value: 0.5, parent: 2, threshold: 0.4, population: 4 }),
      'ranked 3 of 4 at step 15 (0.5000, cut-off 0.4000): replaced by a child',
    );
    assert.equal(
      describeStop({ rank: 5, rule: 'pbt', step: 8, value: 0.9, parent: 1, threshold: 0.4, population: 6, record: 4, restore: { trial: 1, step: 8 } }),
      "ranked 5 of 6 at step 8 (0.9000, cut-off 0.4000; 4 of the 6 had completed, compared at this step): replaced by a child from trial #1's step-8 checkpoint",
    );
  });
});

describe('readDecision', () => {
  it('reads the decision and its evidence from an event, leaving what is missing undefined', () => {
    const evidence = { rule: 'median', value: 2, threshold: 1.5, cohort_size: 6 };
    assert.deepEqual(readDecision({ decision: 'stop', evidence }), { decision: 'stop', evidence });
    assert.deepEqual(readDecision({ note: 'x' }), { decision: undefined, evidence: undefined });
  });
});
