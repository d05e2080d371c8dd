import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter } from './lines.js';

describe('LineSplitter', () => {
  it('joins lines across chunks and keeps the unterminated rest for end()', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push(Buffer.from('ab')), []);
    assert.deepEqual(s.push(Buffer.from('c\nde\r\nf')), ['abc', 'de']);
    assert.deepEqual(s.end(), ['f']);
    assert.deepEqual(s.end(), []);
  });

  it('decodes a UTF-8 character split across chunks', () => {
    const s = new LineSplitter();
    const bytes = Buffer.from('é\n');
    assert.deepEqual(s.push(bytes.subarray(0, 1)), []);
    assert.deepEqual(s.push(bytes.subarray(1)), ['é']);
  });

  it('keeps what a terminal shows for carriage-return redraws', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push(Buffer.from('10%\r50%\r100%\n')), ['100%']);
  });

  it('cuts endless lines', () => {
    const s = new LineSplitter(4);
    assert.deepEqual(s.push(Buffer.from('abcdefghij')), ['abcd', 'efgh']);
    assert.deepEqual(s.end(), ['ij']);
  });
});
