import { encodeUnchecked, telemetryMsgId, type Telemetry } from '@anneal/protocol';
import type { Logger } from 'pino';
import { PublishQueue, type PublishFn } from './publish-queue.js';
import { SpoolFile } from './spool-file.js';

export type { PublishFn } from './publish-queue.js';

export type Envelope = Pick<Telemetry, 'v' | 'trialId' | 'sweepId' | 'leaseToken' | 'attempt' | 'agentId'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A telemetry message minus what the outbox fills in. */
export type TelemetryBody = DistributiveOmit<Telemetry, keyof Envelope | 'seq'>;

export interface OutboxOptions {
  /** This attempt's spool file; null keeps unpublished telemetry in memory only (a crash loses it). */
  spoolPath?: string | null;
  /** Unpublished telemetry kept in memory; beyond it, messages wait in the spool only. */
  memoryBytes?: number;
}

/**
 * One attempt's telemetry, published strictly in order with increasing seq. A failed publish
 * (NATS away, PubAck timeout) is retried with backoff until it succeeds; meanwhile messages wait
 * in the attempt's spool on disk, so a long outage holds memory bounded and an agent killed
 * before publishing leaves them for its next start. Only `giveUp` (the agent closing for good)
 * stops publishing, and then the spool keeps what is left.
 */
export class TelemetryOutbox {
  private seq = 0;
  private readonly spool: SpoolFile | null;
  private readonly queue: PublishQueue;

  constructor(
    publish: PublishFn,
    private readonly subject: string,
    private readonly envelope: Envelope,
    private readonly logger: Logger,
    giveUp: AbortSignal,
    options: OutboxOptions = {},
  ) {
    this.spool = options.spoolPath == null ? null : SpoolFile.create(options.spoolPath);
    this.queue = PublishQueue.create({ publish, logger, giveUp, spool: this.spool, memoryBytes: options.memoryBytes });
  }

  /** Queues a message; never waits on NATS, so the trainer's output handling is not held up. */
  send(body: TelemetryBody): void {
    const message = { ...this.envelope, ...body, seq: this.seq } as Telemetry;
    let data: Uint8Array;
    try {
      data = encodeUnchecked(message);
    } catch (e) {
      // Our batching keeps messages valid and small, so this is a bug; losing one batch beats crashing every trial.
      this.logger.error({ err: e, type: body.type }, 'dropping telemetry message that does not encode');
      return;
    }
    this.seq++;
    this.queue.push({ msgId: telemetryMsgId(message), subject: this.subject, data });
  }

  get pending(): number {
    return this.queue.pending;
  }

  /** Unpublished telemetry held in memory now (the rest of `pending` is on disk only). */
  get inMemory(): { messages: number; bytes: number } {
    return this.queue.inMemory;
  }

  /** True when publishing was given up; the assignment must then not be acked. */
  get gaveUp(): boolean {
    return this.queue.gaveUp;
  }

  /** Resolves when everything sent so far has been stored (or given up). */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /**
   * Flushes, then deletes the spool once everything in it is published; after giving up, the
   * file stays for the agent's next start. Send nothing after this.
   */
  async close(): Promise<void> {
    await this.queue.flush();
    if (this.spool === null) return;
    try {
      if (this.queue.gaveUp) this.spool.close();
      else this.spool.remove();
    } catch (err) {
      this.logger.warn({ err, file: this.spool.path }, 'could not remove the telemetry spool');
    }
  }
}
