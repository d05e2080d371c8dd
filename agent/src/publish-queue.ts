import type { Logger } from 'pino';
import { backoffMs, sleep } from './backoff.js';
import { errorMessage } from './errors.js';
import type { SpoolFile } from './spool-file.js';
import type { SpoolRecord } from './spool-format.js';

/** A message in memory, with where its record ends in the spool (null: it is in memory only). */
type Queued = SpoolRecord & { end: number | null };

/** Publishes one message to JetStream and resolves once it is stored; msgId makes a repeat harmless. */
export type PublishFn = (subject: string, data: Uint8Array, msgId: string) => Promise<void>;

/** Unpublished messages kept in memory per attempt by default; the rest wait on disk only. */
export const DEFAULT_MEMORY_BYTES = 4 * 1024 * 1024;
/** A spool whose records are all published is emptied once it is this large. */
const COMPACT_BYTES = 256 * 1024;

export interface PublishQueueOptions {
  publish: PublishFn;
  logger: Logger;
  /** Aborted when the agent closes for good: what is left stays in the spool for the next start. */
  giveUp: AbortSignal;
  /** Null: memory only, as when the spool cannot be written. */
  spool: SpoolFile | null;
  memoryBytes?: number;
}

/**
 * Publishes messages strictly in order, retrying each until it is stored. Every message is
 * written to the spool first, so a crash loses nothing; at most `memoryBytes` of unpublished
 * messages (and always at least one) are also kept in memory, and while that is full new ones
 * live on disk only and are read back in order when their turn comes. Order in the queue:
 * `head` (memory), then the disk-only records in [diskFrom, diskTo), then `tail`. Once the spool
 * fails (a full disk), new messages go to memory only, without bound, as before there was a
 * spool: into `tail` while disk-only records are ahead of them, else into `head`.
 */
export class PublishQueue {
  private readonly head: Queued[] = [];
  private headBytes = 0;
  private diskFrom = 0;
  private diskTo = 0;
  private diskCount = 0;
  private readonly tail: Queued[] = [];
  private tailBytes = 0;
  private pumping: Promise<void> | null = null;
  private abandoned = false;
  private reportedSpoolFailure = false;
  private publishedCount = 0;
  private readonly memoryBytes: number;
  /** A spool left by an earlier run: read back, never appended to or compacted. */
  private readonly recovering: boolean;

  private constructor(
    private readonly o: PublishQueueOptions,
    recovering: boolean,
  ) {
    this.memoryBytes = o.memoryBytes ?? DEFAULT_MEMORY_BYTES;
    if (!(this.memoryBytes > 0)) throw new RangeError(`memoryBytes must be positive, got ${this.memoryBytes}`);
    this.recovering = recovering;
  }

  static create(o: PublishQueueOptions): PublishQueue {
    return new PublishQueue(o, false);
  }

  /** Publishes the unpublished records of a spool an earlier run left behind (their bytes are known, their count is not). */
  static recover(o: PublishQueueOptions & { spool: SpoolFile }): PublishQueue {
    const q = new PublishQueue(o, true);
    q.diskFrom = o.spool.publishedUpTo;
    q.diskTo = o.spool.size;
    if (q.diskFrom < q.diskTo) q.pumping = q.pump();
    return q;
  }

  /** Queues a message; a disk write at most, never a wait on NATS. */
  push(m: SpoolRecord): void {
    if (this.recovering) throw new Error('a recovering queue takes no new messages');
    const stored = this.o.spool?.append(m) ?? null;
    if (stored === null) this.reportSpoolFailure();
    if (this.diskFrom < this.diskTo || this.tail.length > 0) {
      // Behind messages that wait on disk: only the disk (or, once it failed, the tail) keeps order.
      if (stored !== null && this.tail.length === 0) {
        this.diskTo = stored.end;
        this.diskCount++;
      } else {
        this.tail.push({ ...m, end: stored?.end ?? null });
        this.tailBytes += m.data.length;
      }
    } else if (stored !== null && this.head.length > 0 && this.headBytes + m.data.length > this.memoryBytes) {
      this.diskFrom = stored.start;
      this.diskTo = stored.end;
      this.diskCount = 1;
    } else {
      this.head.push({ ...m, end: stored?.end ?? null });
      this.headBytes += m.data.length;
    }
    this.pumping ??= this.pump();
  }

  /** Messages not yet published (those of a recovered spool count once read). */
  get pending(): number {
    return this.head.length + this.diskCount + this.tail.length;
  }

  /** Unpublished messages held in memory now. */
  get inMemory(): { messages: number; bytes: number } {
    return { messages: this.head.length + this.tail.length, bytes: this.headBytes + this.tailBytes };
  }

  get published(): number {
    return this.publishedCount;
  }

  /** True when publishing was given up; what was spooled stays in the file. */
  get gaveUp(): boolean {
    return this.abandoned;
  }

  /** Resolves when everything queued so far is published (or given up). */
  async flush(): Promise<void> {
    while (this.pumping !== null) await this.pumping;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.head.length === 0) {
          if (this.diskFrom < this.diskTo) await this.refill();
          else if (this.tail.length > 0) this.takeTail();
          // Checked in the same tick as `pumping = null` below, so push() cannot slip in between.
          if (this.head.length === 0 && this.diskFrom >= this.diskTo && this.tail.length === 0) break;
          continue;
        }
        const next = this.head[0]!;
        if (!(await this.publishWithRetry(next))) {
          this.abandon();
          return;
        }
        this.head.shift();
        this.headBytes -= next.data.length;
        this.publishedCount++;
        if (next.end !== null) this.o.spool?.markPublished(next.end);
      }
      this.compact();
    } finally {
      this.pumping = null;
    }
  }

  /** Reads the next disk-only records into memory, up to the memory budget. */
  private async refill(): Promise<void> {
    const spool = this.o.spool!;
    const from = this.diskFrom;
    const to = this.diskTo;
    let problem: string;
    try {
      const r = await spool.read(from, to, this.memoryBytes);
      for (const record of r.records) {
        this.head.push(record);
        this.headBytes += record.data.length;
      }
      if (r.records.length > 0) {
        this.diskFrom = r.next;
        this.diskCount = Math.max(0, this.diskCount - r.records.length);
        return;
      }
      problem = r.problem ?? 'nothing could be read';
    } catch (e) {
      problem = `reading failed: ${errorMessage(e)}`;
    }
    // Nothing past this point can be found again; a torn tail is the expected leftover of a crash.
    this.o.logger.warn({ file: spool.path, offset: from, bytes: to - from, messages: this.diskCount || undefined, problem },
      'ignoring the unreadable end of a telemetry spool');
    this.diskFrom = to;
    this.diskCount = 0;
  }

  private takeTail(): void {
    this.head.push(...this.tail.splice(0));
    this.headBytes += this.tailBytes;
    this.tailBytes = 0;
  }

  /** Everything is published: drop it from the spool so a long trial's file stays small. */
  private compact(): void {
    const spool = this.o.spool;
    if (spool === null || this.recovering || spool.size < COMPACT_BYTES) return;
    spool.truncate();
    this.diskFrom = spool.size;
    this.diskTo = spool.size;
  }

  private abandon(): void {
    this.abandoned = true;
    const spool = this.o.spool;
    this.o.logger.error(
      { unpublished: this.recovering ? undefined : this.pending, file: spool?.path, spoolFailed: (spool !== null && spool.failed !== null) || undefined },
      spool === null
        ? 'agent closing: abandoning unpublished telemetry'
        : 'agent closing: giving up publishing; what the spool holds is published when an agent starts on this work dir',
    );
    this.head.length = 0;
    this.headBytes = 0;
    this.tail.length = 0;
    this.tailBytes = 0;
    this.diskFrom = this.diskTo;
    this.diskCount = 0;
  }

  private reportSpoolFailure(): void {
    const spool = this.o.spool;
    if (spool === null || this.reportedSpoolFailure) return;
    this.reportedSpoolFailure = true;
    this.o.logger.error({ err: spool.failed, file: spool.path },
      'cannot write the telemetry spool; unpublished telemetry is now kept in memory only and a crash would lose it');
  }

  private async publishWithRetry(m: Queued): Promise<boolean> {
    for (let failures = 0; ; ) {
      if (this.o.giveUp.aborted) return false;
      try {
        await this.o.publish(m.subject, m.data, m.msgId);
        if (failures > 0) this.o.logger.info({ msgId: m.msgId, failures }, 'telemetry publishing recovered');
        return true;
      } catch (e) {
        failures++;
        // The first failure and then every tenth: a long outage should not flood the agent's log.
        if (failures % 10 === 1) {
          this.o.logger.warn({ err: e, msgId: m.msgId, failures, waiting: this.pending }, 'publishing telemetry failed; will retry');
        }
        await sleep(backoffMs(failures), this.o.giveUp);
      }
    }
  }
}
