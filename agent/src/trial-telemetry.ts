import { MAX_POINTS_PER_BATCH, type MetricPoint } from '@anneal/protocol';
import type { Logger } from 'pino';
import { Batcher, type BatchPolicy } from './batcher.js';
import { InfeasibilityWatch } from './infeasibility.js';
import { LogTail } from './log-tail.js';
import type { TelemetryOutbox } from './outbox.js';
import { redactSecrets } from './redact.js';
import { ReportParser } from './reports.js';

// 256 KiB leaves room under the protocol's 512 KiB message limit for the envelope.
const BATCH_BYTES = 256 * 1024;
export const METRIC_BATCH: BatchPolicy = { maxItems: Math.min(2000, MAX_POINTS_PER_BATCH), maxBytes: BATCH_BYTES, maxDelayMs: 50 };
export const LOG_BATCH: BatchPolicy = { maxItems: 200, maxBytes: BATCH_BYTES, maxDelayMs: 100 };
/** The protocol's limit on one log line. */
const MAX_LOG_LINE_CHARS = 16_384;
/** Marks lines the agent itself adds to a trial's log. */
export const AGENT_NOTE_PREFIX = '[anneal-agent]';

const encodedSize = (v: unknown): number => Buffer.byteLength(JSON.stringify(v)) + 1;

/** Turns one attempt's output lines into batched metrics and log messages on its outbox. */
export class TrialTelemetry {
  private readonly parser = new ReportParser();
  private readonly metrics = new Batcher<MetricPoint>(METRIC_BATCH, encodedSize);
  private readonly logs = new Batcher<string>(LOG_BATCH, encodedSize);
  readonly tail = new LogTail();
  /** Signs that the trial's parameters cannot run at all, for the finished message. */
  readonly infeasibility = new InfeasibilityWatch();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private closed = false;

  constructor(
    private readonly outbox: Pick<TelemetryOutbox, 'send'>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    /** Called when the trainer says it has written a checkpoint for this step. */
    private readonly onCheckpoint: (step: number) => void = () => undefined,
  ) {}

  stdout(raw: string): void {
    if (this.closed) return;
    // Before parsing, so no secret survives in a log line, its tail, a metric name or an info fact.
    const line = redactSecrets(raw);
    const parsed = this.parser.parse(line, this.now());
    if (parsed.kind === 'log') {
      this.infeasibility.line(line);
      this.log(line);
      if (parsed.warning !== undefined) this.note(parsed.warning);
      return;
    }
    this.addPoints(parsed.points);
    for (const warning of parsed.warnings) this.note(warning);
    if (parsed.checkpoint !== undefined) this.onCheckpoint(parsed.checkpoint.step);
    if (parsed.info !== undefined) this.outbox.send({ type: 'info', facts: parsed.info });
    if (parsed.infeasible === true) {
      this.infeasibility.trainerReported(line);
      // Kept in the log too: the user reading it sees where the trainer gave up.
      this.log(line);
    }
  }

  /** Points the agent measured itself (GPU readings), batched with the trainer's. */
  points(points: readonly MetricPoint[]): void {
    if (this.closed) return;
    // A NaN reading would reach ingest as null and be refused there; say so here, once per key.
    const finite = points.filter((p) => Number.isFinite(p.value) || this.nonFinite(p.key));
    this.addPoints(finite);
  }

  private readonly warnedNonFinite = new Set<string>();

  private nonFinite(key: string): false {
    if (!this.warnedNonFinite.has(key)) {
      this.warnedNonFinite.add(key);
      this.note(`metric '${key}' ignored: a reading was not a finite number`);
    }
    return false;
  }

  stderr(raw: string): void {
    if (this.closed) return;
    const line = redactSecrets(raw);
    this.infeasibility.line(line);
    this.log(line);
  }

  /** A line from the agent in the trial's log: the user reads that log, not the agent's. */
  note(text: string): void {
    this.logger.warn(text);
    this.log(`${AGENT_NOTE_PREFIX} ${text}`);
  }

  /** Sends everything pending and ignores output from then on (late lines of killed stragglers). */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private addPoints(points: readonly MetricPoint[]): void {
    for (const point of points) {
      for (const batch of this.metrics.add(point, this.now())) this.outbox.send({ type: 'metrics', points: batch });
    }
    this.schedule();
  }

  private log(line: string): void {
    const kept = line.length > MAX_LOG_LINE_CHARS ? `${line.slice(0, MAX_LOG_LINE_CHARS - 40)}… [${line.length} chars, cut]` : line;
    this.tail.push(kept);
    for (const batch of this.logs.add(kept, this.now())) this.outbox.send({ type: 'log', lines: batch });
    this.schedule();
  }

  private flush(): void {
    this.clearTimer();
    if (this.metrics.size > 0) this.outbox.send({ type: 'metrics', points: this.metrics.take() });
    if (this.logs.size > 0) this.outbox.send({ type: 'log', lines: this.logs.take() });
  }

  private flushDue(): void {
    this.clearTimer();
    const now = this.now();
    if (this.metrics.due(now)) this.outbox.send({ type: 'metrics', points: this.metrics.take() });
    if (this.logs.due(now)) this.outbox.send({ type: 'log', lines: this.logs.take() });
    this.schedule();
  }

  private schedule(): void {
    const next = Math.min(this.metrics.deadline() ?? Infinity, this.logs.deadline() ?? Infinity);
    if (next >= this.timerAt) return;
    this.clearTimer();
    if (next === Infinity) return;
    this.timerAt = next;
    this.timer = setTimeout(() => this.flushDue(), Math.max(0, next - this.now()));
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}
