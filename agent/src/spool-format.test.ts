import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeRecords, encodeRecord, RECORD_HEADER_BYTES, type SpoolRecord } from './spool-format.js';

const record = fc.record({
  msgId: fc.string({ unit: 'grapheme', maxLength: 80 }),
  subject: fc.string({ maxLength: 80 }),
  data: fc.uint8Array({ maxLength: 300 }),
});

const plain = (r: SpoolRecord): SpoolRecord => ({ msgId: r.msgId, subject: r.subject, data: Uint8Array.from(r.data) });

describe('spool record format', () => {
  it('reads back any sequence of records exactly, with the offset past each', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 20 }), (records) => {
        const bufs = records.map(encodeRecord);
        const r = decodeRecords(Buffer.concat(bufs), 1000);
        assert.equal(r.stop, null);
        assert.deepEqual(r.records.map(({ end: _end, ...rest }) => plain(rest)), records.map(plain));
        let end = 1000;
        assert.deepEqual(r.records.map((x) => x.end), bufs.map((b) => (end += b.length)));
        assert.equal(r.next, end);
      }),
    );
  });

  it('stops at a record cut short anywhere, keeping every whole record before it', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), fc.nat(), (records, cutSeed) => {
        const bufs = records.map(encodeRecord);
        const whole = Buffer.concat(bufs.slice(0, -1));
        const last = bufs.at(-1)!;
        const cut = 1 + (cutSeed % (last.length - 1));
        const r = decodeRecords(Buffer.concat([whole, last.subarray(0, cut)]), 0);
        assert.equal(r.records.length, records.length - 1);
        assert.equal(r.next, whole.length);
        assert.equal(r.stop?.kind, 'short');
        if (r.stop?.kind === 'short') assert.equal(r.stop.needs, cut >= RECORD_HEADER_BYTES ? last.length : null);
      }),
    );
  });

  it('calls a flipped bit or zeros in place of a record corrupt', () => {
    const a = encodeRecord({ msgId: 't:1:0', subject: 's', data: Buffer.from('{"seq":0}') });
    const b = encodeRecord({ msgId: 't:1:1', subject: 's', data: Buffer.from('{"seq":1}') });
    const flipped = Buffer.concat([a, b]);
    flipped[a.length + RECORD_HEADER_BYTES + 3]! ^= 0x10;
    const r = decodeRecords(flipped, 0);
    assert.equal(r.records.length, 1);
    assert.deepEqual(r.stop, { kind: 'corrupt', reason: 'checksum mismatch' });
    // What a power cut can leave: the file grown, the blocks never written.
    const zeros = decodeRecords(Buffer.concat([a, Buffer.alloc(64)]), 0);
    assert.equal(zeros.records.length, 1);
    assert.deepEqual(zeros.stop, { kind: 'corrupt', reason: 'impossible record length 0' });
  });
});
