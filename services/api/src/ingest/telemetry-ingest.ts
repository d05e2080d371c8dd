import { decodeTelemetry, telemetrySubjectTag, type ProtocolNames, type RefusedPoint, type Telemetry } from '@anneal/protocol';
import type { ConsumerMessages, JsMsg, NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { retryingTransaction } from '@anneal/db';
import { applyPlan, loadLeases, loadUsage } from './apply-batch.js';
import { applyCaps } from './apply-caps.js';
import { commitInOrder } from './commit-in-order.js';
import { fileDeadLetters, type DeadLetter } from './dead-letter.js';
import { objectivesOf, planBatch, type BatchPlan } from './plan-batch.js';
import { publishLiveEvents } from './live-events.js';

export interface IngestOptions {
  ds: DataSource;
  nc: NatsConnection;
  names: ProtocolNames;
  logger: Logger;
  /** Messages per fetch; one fetch becomes one Postgres transaction. */
  batchSize?: number;
  /**
   * Concurrent transactions, each owning the trials whose id hashes to it, so one trial's
   * messages stay in order while Postgres works on several trials at once. 1 for PGlite.
   */
  lanes?: number;
  /** COPY for metric points (default); off for servers that cannot carry it (embedded PGlite). */
  useCopy?: boolean;
}

/**
 * Points per transaction. Bigger batches amortize the commit but build huge parameter arrays
 * and hold row locks longer; around this size Postgres' insert rate levels off (measured here).
 */
export const MAX_POINTS_PER_TRANSACTION = 20_000;

/**
 * How often, and how long apart, a message that came before its attempt's `started` is put
 * back before it is given up: a message that fails to commit alone comes back after 1 s (see
 * commit-in-order), as do messages redelivered after a crash or an ack timeout, and the
 * messages behind it must not be lost meanwhile (a lost `finished` left its trial RUNNING).
 */
export const EARLY_DELIVERIES = 10;
export const EARLY_RETRY_MS = 500;

const HEALTH_TIMEOUT_MS = 5000;
/** Well inside the consumer's 30 s ack wait. */
const KEEP_ALIVE_MS = 10_000;
/** Deliveries of a message that fails alone on a healthy database before it is filed as a dead letter. */
export const FAILED_DELIVERIES = 5;

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Rough point count from the raw bytes, without parsing: a point is ~60 bytes of JSON. */
const estimatePoints = (m: JsMsg): number => Math.max(1, Math.floor(m.data.byteLength / 60));

/** Takes messages off the front of the buffer up to a message and an (estimated) point budget. */
export function takeBatch(buffer: JsMsg[], maxMessages: number, maxPoints: number): JsMsg[] {
  let points = 0;
  let n = 0;
  while (n < buffer.length && n < maxMessages) {
    points += estimatePoints(buffer[n]!);
    if (n > 0 && points > maxPoints) break;
    n += 1;
  }
  return buffer.splice(0, n);
}

/** Telemetry subjects end in the trial id; the same trial always maps to the same lane. */
export function laneOf(subject: string, lanes: number): number {
  if (lanes <= 1) return 0;
  const trial = subject.slice(subject.lastIndexOf('.') + 1);
  let h = 0;
  for (let i = 0; i < trial.length; i++) h = (Math.imul(h, 31) + trial.charCodeAt(i)) >>> 0;
  return h % lanes;
}

export interface IngestStats {
  batches: number;
  accepted: number;
  dropped: number;
  malformed: number;
  /** Messages filed in the dead-letter stream since start (malformed, or for no known trial). */
  deadLettered: number;
  /** Dead letters that could not be filed (NATS refused the publish); they were acked all the same. */
  deadLetterFailures: number;
  /** Messages put back because they came before their attempt's start (see EARLY_DELIVERIES). */
  putBack: number;
  /** Batches (or single messages) whose transaction failed; each is tried again in place (see commit-in-order). */
  commitFailures: number;
  /** Invalid points left out of otherwise good messages. */
  refusedPoints: number;
  /** Points and log lines kept out by a sweep's limits. */
  cappedPoints: number;
  cappedLogLines: number;
  points: number;
  commitMs: number;
  largestBatch: number;
}

/**
 * Moves agent telemetry from JetStream into Postgres. A batch is acked only after its
 * transaction commits, so a crash re-delivers it; the (trial, key, step) key and the
 * per-message ids make the replay harmless.
 */
export class TelemetryIngest {
  readonly stats: IngestStats = {
    batches: 0, accepted: 0, dropped: 0, putBack: 0, commitFailures: 0, malformed: 0, deadLettered: 0, deadLetterFailures: 0, refusedPoints: 0, cappedPoints: 0, cappedLogLines: 0,
    points: 0, commitMs: 0, largestBatch: 0,
  };
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly filedMalformed = new WeakSet<JsMsg>();
  private messages: ConsumerMessages | undefined;

  constructor(private readonly options: IngestOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.messages?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { nc, names } = this.options;
    const consumer = await nc.jetstream().consumers.get(names.telemetryStream, names.ingestConsumer);
    const messages = await consumer.consume({ max_messages: this.options.batchSize ?? 2000 });
    this.messages = messages;
    const lanes = Array.from({ length: Math.max(1, this.options.lanes ?? 2) }, () => ({ buffer: [] as JsMsg[], flushing: undefined as Promise<void> | undefined }));
    // Whatever arrived while a lane's previous batch was committing becomes its next batch:
    // small batches when idle (low latency), large ones under load (throughput).
    for await (const m of messages) {
      if (!this.running) break;
      const lane = lanes[laneOf(m.subject, lanes.length)]!;
      lane.buffer.push(m);
      lane.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain(lane));
    }
    await Promise.all(lanes.map((l) => l.flushing));
  }

  private async drain(lane: { buffer: JsMsg[]; flushing: Promise<void> | undefined }): Promise<void> {
    while (lane.buffer.length > 0 && this.running) {
      const batch = takeBatch(lane.buffer, this.options.batchSize ?? 2000, MAX_POINTS_PER_TRANSACTION);
      // However long a try takes (a connect that hangs), JetStream must not deliver the batch, or
      // the queue behind it, a second time: copies would pile up and their delivery counts climb.
      const alive = setInterval(() => { for (const m of [...batch, ...lane.buffer]) m.working(); }, KEEP_ALIVE_MS);
      let lastError: unknown;
      try {
        await commitInOrder(batch, {
          commit: (b) => this.process(b),
          healthy: () => this.databaseAnswers(),
          giveUp: (b, failed) => this.giveUp(b, failed, lastError),
          running: () => this.running,
          onFailure: (err, attempt, size) => {
            lastError = err;
            this.stats.commitFailures += 1;
            this.options.logger.warn({ err, attempt, messages: size }, 'telemetry ingest: commit failed; trying the batch again before anything behind it');
          },
        });
      } finally {
        clearInterval(alive);
      }
    }
    lane.flushing = undefined;
  }

  /**
   * Messages handed back: for a later try, or, once one has failed alone on a healthy database
   * through FAILED_DELIVERIES deliveries, filed as a dead letter with the error, so it stops
   * coming back (the consumer has no delivery limit of its own).
   */
  private async giveUp(batch: JsMsg[], failed: boolean, error: unknown): Promise<void> {
    const letters: DeadLetter[] = [];
    for (const m of batch) {
      if (failed && m.info.deliveryCount >= FAILED_DELIVERIES) letters.push({ msg: m, reason: `could not be stored after ${m.info.deliveryCount} deliveries: ${errorText(error)}` });
      else m.nak(1000);
    }
    await this.deadLetter(letters);
  }

  /** Whether Postgres answers within a few seconds (a hung connection counts as down). */
  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS); });
    try {
      return await Promise.race([this.options.ds.query('SELECT 1').then(() => true, () => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Public for tests and benchmarks that drive ingest without the fetch loop. */
  async process(batch: JsMsg[]): Promise<BatchPlan> {
    const { ds, logger, names } = this.options;
    const decoded: Telemetry[] = [];
    const refused: RefusedPoint[][] = [];
    const decodedMsgs: JsMsg[] = [];
    const malformed: DeadLetter[] = [];
    for (const m of batch) {
      const d = decodeTelemetry(m.data);
      if (d.ok) {
        if (d.ignored !== undefined) logger.warn({ trialId: d.value.trialId, reason: d.ignored }, 'telemetry ingest: part of a message ignored');
        decoded.push(d.value);
        refused.push(d.refused);
        decodedMsgs.push(m);
      } else if (!this.filedMalformed.has(m)) {
        // A batch tried again (Postgres down) decodes again: its malformed messages are filed once.
        this.filedMalformed.add(m);
        this.stats.malformed += 1;
        malformed.push({ msg: m, reason: d.error });
      }
    }
    // Filed and acked before the transaction: they never wait for, or fail with, their neighbours.
    await this.deadLetter(malformed);
    const started = performance.now();
    // Deadlock victims run again at once: put back, the batch would come after later ones.
    const plan = await retryingTransaction(ds, async (em) => {
      const leases = await loadLeases(em, names, [...new Set(decoded.map((m) => m.trialId))]);
      const p = planBatch(decoded, leases, decodedMsgs.map((m) => telemetrySubjectTag(names, m.subject)), refused);
      const usage = await loadUsage(em, p);
      applyCaps(p, usage, (trialId) => leases.get(trialId)!.sweepId);
      if (p.capHits.length > 0) p.objectives = objectivesOf(p.metrics, leases);
      await applyPlan(em, p, usage, { useCopy: this.options.useCopy ?? true });
      return p;
    });
    const unattributable: DeadLetter[] = [];
    const putBack = new Set<JsMsg>();
    for (const d of plan.dropped) {
      const msg = decodedMsgs[d.index]!;
      if (d.deadLetter) unattributable.push({ msg, reason: d.reason });
      else if (d.early && msg.info.deliveryCount < EARLY_DELIVERIES) putBack.add(msg);
      else logger.warn({ trialId: decoded[d.index]?.trialId, reason: d.reason }, 'telemetry ingest: message refused');
    }
    // Filed before the ack: a crash in between files it again under the same id, which JetStream drops.
    await this.deadLetter(unattributable, false);
    // Ack after commit: if we die before this line the batch comes back and is deduplicated.
    for (const m of decodedMsgs) {
      if (putBack.has(m)) m.nak(EARLY_RETRY_MS);
      else m.ack();
    }
    this.stats.putBack += putBack.size;
    this.stats.commitMs += performance.now() - started;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    this.stats.batches += 1;
    this.stats.accepted += decoded.length - plan.dropped.length;
    this.stats.dropped += plan.dropped.length - putBack.size;
    this.stats.points += plan.metrics.length;
    for (const r of plan.refusedPoints) this.stats.refusedPoints += r.refused.length;
    for (const h of plan.capHits) {
      if (h.cap === 'logBytes') this.stats.cappedLogLines += h.dropped;
      else this.stats.cappedPoints += h.dropped;
    }
    publishLiveEvents(this.options.nc, names, plan);
    return plan;
  }

  /**
   * Files messages that belong to no trial in the dead-letter stream, where operators count
   * and read them, and logs each at warn with the running count. `ack`: acks them here.
   */
  private async deadLetter(letters: readonly DeadLetter[], ack = true): Promise<void> {
    if (letters.length === 0) return;
    const { nc, names, logger } = this.options;
    const failed = new Set((await fileDeadLetters(nc, names, letters)).map((f) => {
      this.stats.deadLetterFailures += 1;
      logger.error({ err: f.error, subject: f.letter.msg.subject }, 'telemetry ingest: could not file a dead letter; it is dropped');
      return f.letter;
    }));
    for (const l of letters) {
      if (!failed.has(l)) this.stats.deadLettered += 1;
      logger.warn(
        { subject: l.msg.subject, reason: l.reason, deadLettered: this.stats.deadLettered, stream: names.deadLetterStream },
        'telemetry ingest: message for no trial filed as a dead letter',
      );
      if (ack) l.msg.ack();
    }
  }
}
