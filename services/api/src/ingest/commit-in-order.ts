/**
 * How a lane gets a batch into Postgres when a commit fails, without letting the messages
 * behind it overtake it. Put back into JetStream, a failed batch came back a second later,
 * after the lane had committed what followed: a trial's `finished` then landed before its
 * last metrics, which were dropped as "trial already COMPLETED", and a trial could end
 * without its objective. So a batch is tried again in place while Postgres is down (the
 * lane waits, its messages stay in order; the caller keeps them alive in JetStream meanwhile),
 * and only a batch that keeps failing while Postgres answers is taken apart, so one bad
 * message cannot hold up or sink its neighbours.
 */
export interface CommitInOrder<T> {
  commit(batch: T[]): Promise<unknown>;
  /** Whether Postgres answers at all: an outage is waited out, a failure on a healthy database is the batch's own. */
  healthy(): Promise<boolean>;
  /**
   * Hands messages back to JetStream: `failed` for one that kept failing alone on a healthy
   * database (the caller may dead-letter it after a few deliveries), otherwise because ingest stops.
   */
  giveUp(batch: T[], failed: boolean): void | Promise<void>;
  running(): boolean;
  onFailure(error: unknown, attempt: number, size: number): void;
  sleep?(ms: number): Promise<void>;
}

/** Waits between tries of one batch; the last one repeats for as long as Postgres is down. */
export const RETRY_DELAYS_MS: readonly number[] = [100, 250, 500, 1000, 2000, 5000];
/** Failures on a healthy database before a batch is taken apart (or a single message given up). */
export const FAILURES_WHILE_HEALTHY = 3;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function commitInOrder<T>(batch: T[], r: CommitInOrder<T>): Promise<void> {
  let ownFailures = 0;
  for (let attempt = 1; ; attempt++) {
    if (!r.running()) return r.giveUp(batch, false);
    try {
      await r.commit(batch);
      return;
    } catch (e) {
      r.onFailure(e, attempt, batch.length);
    }
    if (await r.healthy()) ownFailures += 1;
    if (ownFailures >= FAILURES_WHILE_HEALTHY) {
      if (batch.length === 1) return r.giveUp(batch, true);
      for (const [i, item] of batch.entries()) {
        if (!r.running()) return r.giveUp(batch.slice(i), false);
        await commitInOrder([item], r);
      }
      return;
    }
    await (r.sleep ?? wait)(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1]!);
  }
}
