import type { Consumer, ConsumerMessages, JsMsg } from 'nats';
import type { Logger } from 'pino';
import { backoffMs, sleep } from './backoff.js';
import type { PullGate } from './capacity.js';

/** How long one pull request waits on an empty queue; stop() cuts it short. */
const PULL_EXPIRES_MS = 5_000;

/**
 * Pulls assignments only while a slot is free, and never more than the free slots, so the
 * agent holds no work it cannot start (other agents of the pool get it instead).
 */
export class PullLoop {
  readonly done: Promise<void>;
  private stopped = false;
  private current: ConsumerMessages | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly consumer: Consumer,
    private readonly gate: PullGate,
    /** Called with a slot already taken for the message; the callee releases it. */
    private readonly onMessage: (msg: JsMsg) => void,
    private readonly logger: Logger,
  ) {
    this.done = this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.current?.stop();
    this.gate.wake();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      await this.gate.waitForPullable();
      if (this.stopped) break;
      try {
        const batch = await this.consumer.fetch({ max_messages: this.gate.pullable, expires: PULL_EXPIRES_MS });
        this.current = batch;
        if (this.stopped) batch.stop();
        for await (const msg of batch) this.dispatch(msg);
        failures = 0;
      } catch (err) {
        if (this.stopped) break;
        failures++;
        this.logger.warn({ err, failures }, 'pulling assignments failed; will retry');
        await sleep(backoffMs(failures, 500, 10_000), this.abort.signal);
      } finally {
        this.current = null;
      }
    }
  }

  private dispatch(msg: JsMsg): void {
    // A message that raced with stop() goes straight back so another agent can take it now.
    if (this.stopped || !this.gate.acquire()) {
      msg.nak();
      return;
    }
    this.onMessage(msg);
  }
}
