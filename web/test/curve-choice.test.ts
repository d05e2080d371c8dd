import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { curveChoice } from '../src/lib/curve-choice.ts';

describe('curveChoice', () => {
  const keys = ['val_loss', 'train/loss', 'lr'];
  it('draws the sweep metric unless a reported series is picked', () => {
    assert.deepEqual(curveChoice(null, keys, 'val_loss'), { key: 'val_loss', unknown: null });
    assert.deepEqual(curveChoice('lr', keys, 'val_loss'), { key: 'lr', unknown: null });
    assert.deepEqual(curveChoice('val_loss', [], 'val_loss'), { key: 'val_loss', unknown: null }, 'the sweep metric before any trial reported it');
  });
  it('falls back to the sweep metric for a series no trial reported, and names it', () => {
    assert.deepEqual(curveChoice('grad_nrom', keys, 'val_loss'), { key: 'val_loss', unknown: 'grad_nrom' });
    assert.deepEqual(curveChoice('lr', keys, null), { key: 'lr', unknown: null });
    assert.deepEqual(curveChoice(null, keys, null), { key: null, unknown: null });
  });
});
