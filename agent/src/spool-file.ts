import { closeSync, fstatSync, ftruncateSync, openSync, read, readSync, rmSync, writeSync } from 'node:fs';
import { AgentError } from './errors.js';
import { decodeRecords, encodeRecord, RECORD_HEADER_BYTES, type SpoolRecord, type StoredRecord } from './spool-format.js';

/**
 * file := magic (8 bytes) | u64 publishedUpTo | records...
 * publishedUpTo is the offset just past the last record known to be in JetStream, rewritten in
 * place after every publish, so a replay after a crash starts where publishing stopped instead of
 * sending the whole file again (JetStream's duplicate window would catch most repeats, but not
 * once the server has restarted: it rebuilds that window from the messages it still holds).
 */
const MAGIC = Buffer.from('ANNSPL01', 'latin1');
export const FILE_HEADER_BYTES = 16;

export interface SpoolRead {
  records: StoredRecord[];
  /** Where the next read starts. */
  next: number;
  /** Set only when no record could be read: why the rest of the range is unreadable. */
  problem: string | null;
}

/**
 * One attempt's append-only spool of unpublished telemetry. Appends are synchronous: once
 * `append` returns, the record is in the kernel's page cache, so killing the agent (even with
 * SIGKILL) cannot lose it. There is no fsync per record, which would cost milliseconds each;
 * a power cut can lose the last records, and the checksums make what it leaves behind readable.
 */
export class SpoolFile {
  private fd: number | null = null;
  private length: number;
  private failure: Error | null = null;
  private readsInFlight = 0;
  private readonly watermark = Buffer.alloc(8);

  private constructor(
    readonly path: string,
    fd: number | null,
    length: number,
    /** Where the unpublished records start. */
    readonly publishedUpTo: number,
  ) {
    this.fd = fd;
    this.length = length;
  }

  /** A new spool; the file is created on the first append, so quiet attempts leave nothing behind. */
  static create(path: string): SpoolFile {
    return new SpoolFile(path, null, FILE_HEADER_BYTES, FILE_HEADER_BYTES);
  }

  /** A spool left by an earlier run, opened to publish what it holds past `publishedUpTo`, then removed. */
  static openExisting(path: string): SpoolFile {
    const fd = openSync(path, 'r+');
    try {
      const size = fstatSync(fd).size;
      // Shorter than a header: the run died creating it, before any record was in it.
      if (size < FILE_HEADER_BYTES) return new SpoolFile(path, fd, FILE_HEADER_BYTES, FILE_HEADER_BYTES);
      const header = Buffer.alloc(FILE_HEADER_BYTES);
      readSync(fd, header, 0, FILE_HEADER_BYTES, 0);
      if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new AgentError('SPOOL_FAILED', `${path} is not a telemetry spool`);
      const mark = Number(header.readBigUInt64BE(MAGIC.length));
      // A mark outside the records is damage; starting over repeats messages rather than losing them.
      const publishedUpTo = mark >= FILE_HEADER_BYTES && mark <= size ? mark : FILE_HEADER_BYTES;
      return new SpoolFile(path, fd, size, publishedUpTo);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Offset just past the last whole record in the file. */
  get size(): number {
    return this.length;
  }

  /** Why the spool stopped taking records; null while it works. */
  get failed(): Error | null {
    return this.failure;
  }

  /** Appends a record; null when it could not be written (the spool is then failed for good). */
  append(record: SpoolRecord): { start: number; end: number } | null {
    if (this.failure !== null) return null;
    const start = this.length;
    try {
      const buf = encodeRecord(record);
      if (this.fd === null) {
        this.fd = openSync(this.path, 'w+');
        const header = Buffer.alloc(FILE_HEADER_BYTES);
        MAGIC.copy(header);
        header.writeBigUInt64BE(BigInt(FILE_HEADER_BYTES), MAGIC.length);
        writeAll(this.fd, header, 0);
      }
      // Explicit positions rather than O_APPEND: a record's offset is known before it is written.
      writeAll(this.fd, buf, start);
      this.length = start + buf.length;
      return { start, end: this.length };
    } catch (e) {
      // A partly written record may now follow `length`; nothing is ever read past `length`.
      this.failure = e as Error;
      return null;
    }
  }

  /** Records that everything before `end` is in JetStream. */
  markPublished(end: number): void {
    if (this.fd === null || this.failure !== null) return;
    this.watermark.writeBigUInt64BE(BigInt(end));
    try {
      writeAll(this.fd, this.watermark, MAGIC.length);
    } catch (e) {
      this.failure = e as Error;
    }
  }

  /** Drops every record: the caller has published all of them. */
  truncate(): void {
    if (this.fd === null || this.failure !== null) return;
    try {
      // Truncated first: a crash before the mark is reset leaves a mark past the end of an empty file, which is ignored.
      ftruncateSync(this.fd, FILE_HEADER_BYTES);
      this.length = FILE_HEADER_BYTES;
      this.markPublished(FILE_HEADER_BYTES);
    } catch (e) {
      this.failure = e as Error;
    }
  }

  /**
   * Reads whole records in [from, to), about `budgetBytes` of them (at least one record however
   * large). `to` is the end of the records the caller knows of, or the file's size for a spool
   * left by a crash, where a record cut short at the end is the torn tail of an interrupted write.
   */
  async read(from: number, to: number, budgetBytes: number): Promise<SpoolRead> {
    if (this.fd === null) return { records: [], next: from, problem: from < to ? 'the spool file was never written' : null };
    let length = Math.min(to - from, Math.max(budgetBytes, RECORD_HEADER_BYTES));
    for (;;) {
      const buf = Buffer.allocUnsafe(length);
      const got = await this.readAt(buf, from);
      const r = decodeRecords(buf.subarray(0, got), from);
      if (r.records.length > 0 || r.stop === null) return { records: r.records, next: r.next, problem: null };
      if (r.stop.kind === 'corrupt') return { records: [], next: from, problem: r.stop.reason };
      const sawAll = got < length || from + got >= to;
      if (!sawAll && r.stop.needs !== null && r.stop.needs > length) {
        length = Math.min(to - from, r.stop.needs);
        continue;
      }
      return { records: [], next: from, problem: `a record cut short after ${got} bytes (a write interrupted by a crash)` };
    }
  }

  /** Closes the file and keeps it, for a later run to publish. */
  close(): void {
    if (this.readsInFlight > 0) throw new Error('spool file closed during a read');
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Closes and deletes the file: everything in it was published. */
  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }

  private async readAt(buf: Buffer, position: number): Promise<number> {
    const fd = this.fd!;
    this.readsInFlight++;
    try {
      let got = 0;
      while (got < buf.length) {
        const n = await new Promise<number>((resolve, reject) =>
          read(fd, buf, got, buf.length - got, position + got, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead))),
        );
        if (n === 0) break;
        got += n;
      }
      return got;
    } finally {
      this.readsInFlight--;
    }
  }
}

function writeAll(fd: number, buf: Buffer, position: number): void {
  for (let done = 0; done < buf.length; ) done += writeSync(fd, buf, done, buf.length - done, position + done);
}
