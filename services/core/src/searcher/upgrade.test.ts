/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AskTellSession } from '../ask-tell.js';
import { parseSweepConfig } from '../config/parse.js';
import { V1_FIXTURES } from '../testing/v1-fixtures.js';
import { initSearcher, searcherStep } from './searcher.js';
import type { SearcherEvent, SearcherState } from './types.js';
import { upgradeSearcherState } from './upgrade.js';

function configOf(doc: unknown) {
  const r = parseSweepConfig(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

/** Replays ask-tell requests on a state, the way AskTellSession does. */
function replay(doc: unknown, start: unknown, requests: readonly (readonly [Record<string, unknown>, unknown])[]): unknown[] {
  const config = { ...configOf(doc), maxConcurrent: Number.MAX_SAFE_INTEGER };
  let state = start as SearcherState;
  const replies: unknown[] = [];
  for (const [req] of requests) {
    let event: SearcherEvent;
    if (req['op'] === 'ask') event = { type: 'request', count: 1 };
    else event = { type: 'report', trial: req['trial'] as number, step: req['step'] as number, value: req['value'] as number, ...(req['checkpoint'] ? { checkpoint: true } : {}) };
    const out = searcherStep(config, state, event);
    state = JSON.parse(JSON.stringify(out.state)) as SearcherState;
    assert.equal(state.version, 2);
    if (event.type === 'request') {
      const c = out.actions.find((a) => a.type === 'create');
      replies.push(c?.type === 'create' ? { trial: c.trial, params: c.params, ...(c.restore ? { restore: c.restore } : {}) } : { done: true });
    } else {
      const s = out.actions.find((a) => a.type === 'stop');
      replies.push(s?.type === 'stop' ? { decision: 'stop', evidence: s.evidence } : { decision: 'continue' });
    }
  }
  return JSON.parse(JSON.stringify(replies)) as unknown[];
}

test('a version-1 state is read into the version-2 shape: sampler state in its own namespace', () => {
  const bayes = V1_FIXTURES.bayes;
  const frozen = JSON.stringify(bayes.state);
  const up = upgradeSearcherState({ method: 'bayes' }, bayes.state);
  assert.equal(JSON.stringify(bayes.state), frozen, 'the input is not modified');
  assert.equal(up.version, 2);
  assert.deepEqual(up.sampler, { sobolSeed: bayes.state.sobolSeed, sobolIndex: bayes.state.sobolIndex, gp: bayes.state.gp });
  for (const old of ['sobolSeed', 'sobolIndex', 'gp', 'pbtQueue']) assert.ok(!(old in up), old);
  assert.deepEqual(up.trials, bayes.state.trials);
  assert.deepEqual([up.rng, up.nextTrial, up.gridCursor, up.exhausted], [bayes.state.rng, 8, 0, false]);

  const pbt = V1_FIXTURES.pbt;
  const upPbt = upgradeSearcherState({ method: 'pbt' }, pbt.state);
  assert.deepEqual(upPbt.sampler, { sobolSeed: pbt.state.sobolSeed, sobolIndex: pbt.state.sobolIndex, queue: pbt.state.pbtQueue });
  // Current states pass through; so does garbage (the searcher's check refuses it).
  assert.equal(upgradeSearcherState({ method: 'pbt' }, upPbt), upPbt);
  assert.equal(upgradeSearcherState({ method: 'pbt' }, null), null);
});

test('an old sweep continues exactly where it stopped (same proposals, same PBT decisions)', () => {
  for (const [name, fx] of Object.entries(V1_FIXTURES)) {
    // searcherStep reads the v1 state as it is (what a restarted scheduler does) ...
    assert.deepEqual(replay(fx.config, fx.state, fx.next), fx.next.map(([, reply]) => reply), name);
    // ... and so does an explicitly upgraded one.
    assert.deepEqual(replay(fx.config, upgradeSearcherState(configOf(fx.config), fx.state), fx.next), fx.next.map(([, reply]) => reply), name);
  }
});

test('new states are version 2 and keep nothing sampler-specific at the top level', () => {
  const s = initSearcher(configOf(V1_FIXTURES.bayes.config), 7);
  assert.equal(s.version, 2);
  assert.deepEqual(Object.keys(s).sort(), ['exhausted', 'gridCursor', 'nextTrial', 'rng', 'sampler', 'trials', 'version']);
  // The same Sobol seed as version 1 derived from the same seed.
  assert.deepEqual(s.sampler, { sobolSeed: V1_FIXTURES.bayes.state.sobolSeed });
  assert.ok(new AskTellSession(configOf(V1_FIXTURES.bayes.config), 7).state().version === 2);
});
