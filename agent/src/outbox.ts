import { encodeUnchecked, telemetryMsgId, type Telemetry } from '@anneal/protocol';
import type { Logger } from 'pino';
import { backoffMs, sleep } from './backoff.js';

/** Publishes one message to JetStream and resolves once it is stored; msgId makes a repeat harmless. */
export type PublishFn = (subject: string, data: Uint8Array, msgId: string) => Promise<void>;

export type Envelope = Pick<Telemetry, 'v' | 'trialId' | 'sweepId' | 'leaseToken' | 'attempt' | 'agentId'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A telemetry message minus what the outbox fills in. */
export type TelemetryBody = DistributiveOmit<Telemetry, keyof Envelope | 'seq'>;

interface Pending {
  msgId: string;
  type: Telemetry['type'];
  data: Uint8Array;
}

/**
 * One attempt's telemetry, published strictly in order. A failed publish (NATS away, PubAck
 * timeout) is retried with backoff until it succeeds, so nothing is dropped while NATS is
 * down; only `giveUp` (the agent closing for good) abandons what is left.
 */
export class TelemetryOutbox {
  private seq = 0;
  private readonly queue: Pending[] = [];
  private pumping: Promise<void> | null = null;
  private abandoned = false;

  constructor(
    private readonly publish: PublishFn,
    private readonly subject: string,
    private readonly envelope: Envelope,
    private readonly logger: Logger,
    private readonly giveUp: AbortSignal,
  ) {}

  /** Queues a message; never blocks the trainer's output handling. */
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
    this.queue.push({ msgId: telemetryMsgId(message), type: body.type, data });
    this.pumping ??= this.pump();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** True when the queue was abandoned; the assignment must then not be acked. */
  get gaveUp(): boolean {
    return this.abandoned;
  }

  /** Resolves when everything sent so far has been stored (or abandoned). */
  async flush(): Promise<void> {
    while (this.pumping !== null) await this.pumping;
  }

  private async pump(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const next = this.queue[0]!;
        if (!(await this.publishWithRetry(next))) {
          this.abandoned = true;
          this.logger.error({ dropped: this.queue.length }, 'agent closing: abandoning unpublished telemetry');
          this.queue.length = 0;
          return;
        }
        this.queue.shift();
      }
    } finally {
      // Runs in the same tick as the last emptiness check, so send() cannot slip in between.
      this.pumping = null;
    }
  }

  private async publishWithRetry(item: Pending): Promise<boolean> {
    for (let failures = 0; ; ) {
      if (this.giveUp.aborted) return false;
      try {
        await this.publish(this.subject, item.data, item.msgId);
        if (failures > 0) this.logger.info({ msgId: item.msgId, failures }, 'telemetry publishing recovered');
        return true;
      } catch (e) {
        failures++;
        // The first failure and then every tenth: a long outage should not flood the agent's log.
        if (failures % 10 === 1) {
          this.logger.warn({ err: e, msgId: item.msgId, type: item.type, failures }, 'publishing telemetry failed; will retry');
        }
        await sleep(backoffMs(failures), this.giveUp);
      }
    }
  }
}
