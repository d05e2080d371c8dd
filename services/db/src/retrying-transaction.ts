import type { DataSource, EntityManager } from 'typeorm';

/**
 * SQLSTATEs of a transaction that lost a race and is safe to run again from the start:
 * deadlock_detected and serialization_failure. Postgres rolled all of it back.
 */
const TRANSIENT_CONFLICTS = new Set(['40P01', '40001']);

/** Whether a query error is one of Postgres' transient conflicts (the driver's code, as TypeORM wraps it or not). */
export function isTransientConflict(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.driverError?.code ?? e.code;
  return typeof code === 'string' && TRANSIENT_CONFLICTS.has(code);
}

/**
 * `ds.transaction(work)`, run again (up to `attempts` times in all, after a short randomized
 * pause) when Postgres aborts it as a deadlock or serialization victim, so a person's stop or
 * role change is not answered with an internal error because ingest or the scheduler touched
 * the same rows at that moment. `work` must keep its side effects inside the transaction (the
 * outbox is); anything it did outside would happen once per attempt.
 */
export async function retryingTransaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isTransientConflict(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 15 * attempt * (1 + Math.random())));
    }
  }
}
