import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FILE_HEADER_BYTES, SpoolFile } from './spool-file.js';
import type { SpoolRecord } from './spool-format.js';

const dir = mkdtempSync(join(tmpdir(), 'anneal-spool-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const rec = (i: number, bytes = 100): SpoolRecord => ({ msgId: `t:1:${i}`, subject: 'ns.telemetry.s.t', data: Buffer.alloc(bytes, i % 251) });
const ids = (rs: readonly { msgId: string }[]): string[] => rs.map((r) => r.msgId);

describe('SpoolFile', () => {
  it('creates its file on the first append and reads records back in budget-sized runs', async () => {
    const path = join(dir, 'round-trip.log');
    const spool = SpoolFile.create(path);
    assert.equal(existsSync(path), false, 'nothing on disk before the first record');
    const offsets = Array.from({ length: 50 }, (_, i) => spool.append(rec(i))!);
    assert.equal(offsets[0]!.start, FILE_HEADER_BYTES);
    assert.equal(statSync(path).size, spool.size, 'appends are on disk when append returns');
    const seen: string[] = [];
    let reads = 0;
    for (let from = FILE_HEADER_BYTES; from < spool.size; reads++) {
      const r = await spool.read(from, spool.size, 1_000);
      assert.equal(r.problem, null);
      assert.ok(r.records.length > 0 && r.records.length <= 8, `a 1000-byte budget reads at most 8 records of ~130 bytes, got ${r.records.length}`);
      seen.push(...ids(r.records));
      from = r.next;
    }
    assert.deepEqual(seen, Array.from({ length: 50 }, (_, i) => `t:1:${i}`));
    assert.ok(reads >= 7);
    spool.remove();
    assert.equal(existsSync(path), false);
  });

  it('reads a record larger than the budget whole', async () => {
    const spool = SpoolFile.create(join(dir, 'big.log'));
    spool.append(rec(0, 10));
    spool.append(rec(1, 50_000));
    const first = await spool.read(FILE_HEADER_BYTES, spool.size, 64);
    assert.deepEqual(ids(first.records), ['t:1:0']);
    const second = await spool.read(first.next, spool.size, 64);
    assert.deepEqual(ids(second.records), ['t:1:1']);
    assert.equal(second.records[0]!.data.length, 50_000);
    spool.remove();
  });

  it('starts again after its header when truncated', async () => {
    const path = join(dir, 'truncate.log');
    const spool = SpoolFile.create(path);
    spool.append(rec(0));
    spool.markPublished(spool.append(rec(1))!.end);
    spool.truncate();
    assert.equal(spool.size, FILE_HEADER_BYTES);
    assert.equal(statSync(path).size, FILE_HEADER_BYTES);
    assert.deepEqual(spool.append(rec(2)), { start: FILE_HEADER_BYTES, end: spool.size });
    assert.deepEqual(ids((await spool.read(FILE_HEADER_BYTES, spool.size, 1 << 20)).records), ['t:1:2']);
    spool.close();
    assert.equal(SpoolFile.openExisting(path).publishedUpTo, FILE_HEADER_BYTES, 'the mark went back with the records');
    spool.remove();
  });

  it('keeps where publishing got to, so a replay starts there', async () => {
    const path = join(dir, 'mark.log');
    const writer = SpoolFile.create(path);
    const ends = [0, 1, 2, 3].map((i) => writer.append(rec(i))!.end);
    writer.markPublished(ends[1]!);
    writer.close();
    const spool = SpoolFile.openExisting(path);
    assert.equal(spool.publishedUpTo, ends[1]);
    assert.deepEqual(ids((await spool.read(spool.publishedUpTo, spool.size, 1 << 20)).records), ['t:1:2', 't:1:3']);
    spool.markPublished(ends[2]!);
    spool.close();
    assert.equal(SpoolFile.openExisting(path).publishedUpTo, ends[2], 'a replay records its progress too');
    writeFileSync(path, 'not a spool at all');
    assert.throws(() => SpoolFile.openExisting(path), { code: 'SPOOL_FAILED' });
  });

  it('reads a file left by a crash up to its torn last record', async () => {
    const path = join(dir, 'torn.log');
    const writer = SpoolFile.create(path);
    for (let i = 0; i < 5; i++) writer.append(rec(i));
    const tornAt = writer.append(rec(5))!.start;
    writer.close();
    // The crash came 20 bytes into writing record 5.
    truncateSync(path, tornAt + 20);
    const spool = SpoolFile.openExisting(path);
    assert.equal(spool.size, tornAt + 20);
    const r = await spool.read(spool.publishedUpTo, spool.size, 1 << 20);
    assert.equal(r.problem, null);
    assert.deepEqual(ids(r.records), ['t:1:0', 't:1:1', 't:1:2', 't:1:3', 't:1:4']);
    const rest = await spool.read(r.next, spool.size, 1 << 20);
    assert.deepEqual(rest.records, []);
    assert.match(rest.problem ?? '', /cut short after 20 bytes/);
    spool.close();
  });

  it('reports a full disk as a failed append instead of throwing', { skip: !existsSync('/dev/full') && 'no /dev/full here' }, () => {
    const spool = SpoolFile.create('/dev/full');
    assert.equal(spool.append(rec(0)), null);
    assert.equal((spool.failed as NodeJS.ErrnoException | null)?.code, 'ENOSPC');
    assert.equal(spool.append(rec(1)), null, 'stays failed');
    spool.close();
  });
});
