import { crc32 } from 'node:zlib';

/** One message waiting in a spool file, exactly as it will be published. */
export interface SpoolRecord {
  msgId: string;
  subject: string;
  data: Uint8Array;
}

/** A record read back, with the file offset just past it (where reading resumes). */
export interface StoredRecord extends SpoolRecord {
  end: number;
}

/**
 * record := u32 bodyLength | u32 crc32(body) | body
 * body   := u16 msgIdLength | msgId | u16 subjectLength | subject | data
 * Length-prefixed rather than newline-delimited so the payload needs no escaping, and
 * checksummed so a record torn by a crash (or zeros left by a power cut) is recognised as such.
 */
export const RECORD_HEADER_BYTES = 8;
/** Far above the protocol's 512 KiB message limit; a larger length is garbage, not a record. */
export const MAX_RECORD_BODY_BYTES = 4 * 1024 * 1024;

export function encodeRecord(r: SpoolRecord): Buffer {
  const msgId = Buffer.from(r.msgId, 'utf8');
  const subject = Buffer.from(r.subject, 'utf8');
  if (msgId.length > 0xffff || subject.length > 0xffff) throw new RangeError('spool record msgId or subject is too long');
  const bodyLength = 2 + msgId.length + 2 + subject.length + r.data.length;
  if (bodyLength > MAX_RECORD_BODY_BYTES) throw new RangeError(`spool record of ${bodyLength} bytes is over the limit`);
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + bodyLength);
  let at = RECORD_HEADER_BYTES;
  at = out.writeUInt16BE(msgId.length, at);
  at += msgId.copy(out, at);
  at = out.writeUInt16BE(subject.length, at);
  at += subject.copy(out, at);
  out.set(r.data, at);
  out.writeUInt32BE(bodyLength, 0);
  out.writeUInt32BE(crc32(out.subarray(RECORD_HEADER_BYTES)), 4);
  return out;
}

export interface DecodeResult {
  records: StoredRecord[];
  /** Offset just past the last whole record: where the next read starts. */
  next: number;
  /**
   * Why decoding stopped before the end of the buffer. `short`: the buffer ends inside a record
   * (read more, or at the end of the file it is a torn tail; `needs` is that record's size when
   * its header was whole); `corrupt`: a bad length or checksum, after which nothing can be trusted.
   */
  stop: { kind: 'short'; needs: number | null } | { kind: 'corrupt'; reason: string } | null;
}

/** Decodes the whole records at the start of `buf`, which was read from file offset `offset`. */
export function decodeRecords(buf: Buffer, offset: number, maxRecords = Infinity): DecodeResult {
  const records: StoredRecord[] = [];
  let at = 0;
  while (at < buf.length && records.length < maxRecords) {
    if (buf.length - at < RECORD_HEADER_BYTES) return { records, next: offset + at, stop: { kind: 'short', needs: null } };
    const bodyLength = buf.readUInt32BE(at);
    if (bodyLength < 4 || bodyLength > MAX_RECORD_BODY_BYTES) {
      return { records, next: offset + at, stop: { kind: 'corrupt', reason: `impossible record length ${bodyLength}` } };
    }
    const size = RECORD_HEADER_BYTES + bodyLength;
    if (buf.length - at < size) return { records, next: offset + at, stop: { kind: 'short', needs: size } };
    const body = buf.subarray(at + RECORD_HEADER_BYTES, at + size);
    if (crc32(body) !== buf.readUInt32BE(at + 4)) {
      return { records, next: offset + at, stop: { kind: 'corrupt', reason: 'checksum mismatch' } };
    }
    const parsed = parseBody(body);
    if (parsed === null) return { records, next: offset + at, stop: { kind: 'corrupt', reason: 'malformed record body' } };
    at += size;
    records.push({ ...parsed, end: offset + at });
  }
  return { records, next: offset + at, stop: null };
}

function parseBody(body: Buffer): SpoolRecord | null {
  const msgIdLength = body.readUInt16BE(0);
  const subjectAt = 2 + msgIdLength;
  if (subjectAt + 2 > body.length) return null;
  const subjectLength = body.readUInt16BE(subjectAt);
  const dataAt = subjectAt + 2 + subjectLength;
  if (dataAt > body.length) return null;
  return {
    msgId: body.toString('utf8', 2, subjectAt),
    subject: body.toString('utf8', subjectAt + 2, dataAt),
    // A copy, so a record kept in memory does not pin the whole chunk it was read with.
    data: Uint8Array.prototype.slice.call(body, dataAt),
  };
}
