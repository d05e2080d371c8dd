import type { EntityManager } from 'typeorm';

/**
 * Where a store runs its SQL: the DataSource (each statement on its own) or a transaction's
 * EntityManager (`ds.transaction((em) => ...)`), so several stores can share one transaction.
 */
export type Queryable = Pick<EntityManager, 'query'>;

/** node-postgres returns bigint (and count(*)) as a string; our ids and seeds stay below 2^53. */
export const toNumber = (v: unknown): number => Number(v);

/** TypeORM answers an UPDATE/DELETE ... RETURNING with [rows, affected]; a SELECT with rows. */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}
