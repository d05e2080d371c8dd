import 'reflect-metadata';
import { migrations } from '@anneal/migrations';
import { DataSource } from 'typeorm';

export interface DataSourceOptions {
  url: string;
  /** Connections in the pool; PGlite behind pglite-socket multiplexes them onto one. */
  poolSize?: number;
  applicationName?: string;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    // No entities: each table's SQL and row mapping live in its store (src/stores), once.
    entities: [],
    migrations,
    migrationsTableName: 'anneal_migrations',
    // The schema only ever changes through reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // A Postgres that does not answer (a partition, not a refusal) fails a connect after 10 s
    // instead of the operating system's two minutes, so ingest and requests notice an outage.
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'anneal', connectionTimeoutMillis: 10_000 },
  });
}

/** Applies pending migrations in one transaction; returns the names applied. */
export async function migrate(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'all' });
  return applied.map((m) => m.name);
}
