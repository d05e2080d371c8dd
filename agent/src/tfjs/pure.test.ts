import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classificationSet, pretrainingCorpus } from './corpus.js';
import { holdOut, labelIndex, parseClassification, parseDocuments } from './dataset.js';
import { TrainerError } from './errors.js';
import { accuracy, macroF1 } from './metrics.js';
import { learningRate } from './schedule.js';
import { BOS, EOS, Tokenizer, UNK } from './tokenizer.js';

describe('learning-rate schedule', () => {
  const base = { lr: 1, warmup_ratio: 0.1 };
  it('warms up linearly, then decays as asked', () => {
    assert.equal(learningRate({ ...base, lr_schedule: 'constant' }, 0, 100), 0.1);
    assert.equal(learningRate({ ...base, lr_schedule: 'constant' }, 9, 100), 1);
    assert.equal(learningRate({ ...base, lr_schedule: 'constant' }, 99, 100), 1);
    assert.equal(learningRate({ ...base, lr_schedule: 'linear' }, 55, 100), 0.5);
    assert.ok(Math.abs(learningRate({ ...base, lr_schedule: 'cosine' }, 55, 100) - 0.5) < 1e-12);
    assert.ok(learningRate({ ...base, lr_schedule: 'cosine' }, 99, 100) < 0.001);
  });
  it('has no warm-up at ratio 0', () => {
    assert.equal(learningRate({ lr: 0.5, warmup_ratio: 0, lr_schedule: 'linear' }, 0, 10), 0.5);
  });
});

describe('metrics', () => {
  it('macro-F1 averages per-class F1, counting an unpredicted class as 0', () => {
    // Class 0: tp 2, fp 1 -> F1 0.8; class 1: tp 0, fn 1 -> 0.
    assert.equal(macroF1([0, 0, 0], [0, 0, 1], 2), 0.4);
    assert.equal(accuracy([0, 0, 0], [0, 0, 1]), 2 / 3);
    assert.equal(macroF1([1, 0, 2], [1, 0, 2], 3), 1);
  });
});

describe('tokenizer', () => {
  it('keeps frequent words, maps others to [UNK], adds [BOS]/[EOS] and cuts', () => {
    const t = Tokenizer.fit(['the screen is great .', 'the screen is awful .', 'rare'], 100);
    const ids = t.encode('The screen is SUPERB!', 10, true);
    assert.equal(ids[0], BOS);
    assert.equal(ids.at(-1), EOS);
    // decode drops the special tokens, [UNK] included.
    assert.equal(t.decode(ids), 'the screen is');
    assert.ok(ids.includes(UNK));
    assert.equal(t.encode('the screen is great', 3).length, 3);
    assert.deepEqual(Tokenizer.fromJson(t.toJson()).vocab, t.vocab);
  });
  it('rejects a vocab without the special tokens', () => {
    assert.throws(() => Tokenizer.fromJson({ vocab: ['a', 'b'] }), (e: unknown) => e instanceof TrainerError && e.code === 'BAD_MODEL');
  });
});

describe('generated corpus', () => {
  it('is the same for the same seed and balanced over the labels', () => {
    assert.deepEqual(classificationSet(3, 50), classificationSet(3, 50));
    assert.notDeepEqual(classificationSet(3, 50), classificationSet(4, 50));
    const labels = classificationSet(1, 3000).map((r) => r.label);
    for (const l of ['positive', 'negative', 'mixed']) {
      const share = labels.filter((x) => x === l).length / labels.length;
      assert.ok(share > 0.28 && share < 0.39, `${l}: ${share}`);
    }
    assert.equal(pretrainingCorpus(1, 10).length, 10);
  });
  it('needs word order: negation flips the label', () => {
    const rows = classificationSet(9, 2000);
    assert.ok(rows.some((r) => r.label === 'positive' && / is not (awful|flimsy|dim|slow|noisy|broken|cheap|terrible|weak|disappointing|useless|poor)/.test(r.text)));
    assert.ok(rows.some((r) => r.label === 'negative' && / is not (great|excellent|solid|reliable|fantastic|sturdy)/.test(r.text)));
  });
});

describe('datasets', () => {
  it('names every bad line of a classification file', () => {
    const content = '{"text": "ok", "label": "a"}\nnot json\n{"text": "", "label": "b"}\n{"text": "x"}\n';
    assert.throws(() => parseClassification(content, 'train.jsonl'), (e: unknown) => {
      assert.ok(e instanceof TrainerError && e.code === 'BAD_DATASET');
      assert.match(e.message, /train\.jsonl: line 2: not JSON; line 3: "text" must be a non-empty string; line 4: "label" must be/);
      return true;
    });
  });
  it('reads numeric labels as names and sorts them', () => {
    const rows = parseClassification('{"text": "a", "label": 1}\n\n{"text": "b", "label": 0}', 'f');
    assert.deepEqual(labelIndex(rows), ['0', '1']);
  });
  it('reads plain text or JSONL documents', () => {
    assert.deepEqual(parseDocuments('one doc\n{"text": "two"}\n\n', 'f'), ['one doc', 'two']);
    assert.throws(() => parseDocuments('\n\n', 'empty.txt'), /empty\.txt has no text/);
  });
  it('holds out the same rows for the same seed', () => {
    const rows = Array.from({ length: 100 }, (_, i) => i);
    const a = holdOut(rows, 0.2, 5);
    assert.deepEqual(a, holdOut(rows, 0.2, 5));
    assert.equal(a.validation.length, 20);
    assert.deepEqual([...a.train, ...a.validation].sort((x, y) => x - y), rows);
  });
});
