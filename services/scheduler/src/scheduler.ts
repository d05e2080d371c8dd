import { SweepStore } from '@anneal/db';
import { ensureOrgTopology, readPresence, type AssignmentSigner, type ProtocolNames, publishSweepChanged } from '@anneal/protocol';
import type { NatsConnection, Subscription } from 'nats';
import type { Logger } from 'pino';
import type { DataSource, QueryRunner } from 'typeorm';
import { failLostTrials, recordAgents } from './housekeeping.js';
import { publishOutbox } from './outbox-publisher.js';
import { tickSweep } from './sweep-tick.js';
import { describeWarmStart } from './warm-start.js';

export interface SchedulerOptions {
  ds: DataSource;
  nc: NatsConnection;
  names: ProtocolNames;
  /** Signs every assignment; agents refuse unsigned or altered ones. */
  signer: AssignmentSigner;
  logger: Logger;
  /** Fallback polling period; events make most ticks happen sooner. */
  intervalMs?: number;
}

/** Any constant works; it only has to be the same in every process of one installation. */
const LEADER_LOCK_KEY = 0x616e6e65;
const HOUSEKEEPING_MS = 10_000;

/**
 * Keeps every active sweep at its concurrency target. Several API processes may run one each;
 * a Postgres advisory lock on a held connection makes exactly one of them the leader.
 */
export class Scheduler {
  private running = false;
  private leaderConnection: QueryRunner | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private pokes = 0;
  private lastHousekeeping = 0;
  /** Organizations whose buckets this process has declared (stop keys need the control bucket). */
  private readonly orgsReady = new Set<string>();

  constructor(private readonly options: SchedulerOptions) {}

  get isLeader(): boolean {
    return this.leaderConnection !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Trial changes anywhere (ingest in any replica) are a reason to look again at once.
    this.subscription = this.options.nc.subscribe(`${this.options.names.namespace}.events.sweep.*`, {
      callback: () => this.poke(),
    });
    this.loop = this.run();
  }

  /** Asks for a tick as soon as possible (after a sweep is created, a trial finishes, ...). */
  poke(): void {
    this.pokes += 1;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.subscription?.unsubscribe();
    this.wake?.();
    await this.loop;
    if (this.leaderConnection) {
      await this.leaderConnection.query(`SELECT pg_advisory_unlock($1)`, [LEADER_LOCK_KEY]).catch(() => undefined);
      await this.leaderConnection.release();
      this.leaderConnection = undefined;
    }
  }

  private async run(): Promise<void> {
    const { logger } = this.options;
    while (this.running) {
      const pokesBefore = this.pokes;
      try {
        if (await this.ensureLeader()) {
          await this.housekeeping();
          await this.tickAll();
        }
      } catch (e) {
        logger.error({ err: e }, 'scheduler tick failed');
      }
      if (!this.running) break;
      if (this.pokes !== pokesBefore) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.options.intervalMs ?? 1000);
      });
      clearTimeout(this.timer);
      this.wake = undefined;
    }
  }

  private async ensureLeader(): Promise<boolean> {
    if (this.leaderConnection) return true;
    const qr = this.options.ds.createQueryRunner();
    await qr.connect();
    const [row] = (await qr.query(`SELECT pg_try_advisory_lock($1) AS locked`, [LEADER_LOCK_KEY])) as [{ locked: boolean }];
    if (row.locked) {
      this.leaderConnection = qr;
      this.options.logger.info('scheduler: this process is the leader');
      return true;
    }
    await qr.release();
    return false;
  }

  /** Every few seconds: record agents seen, and fail trials whose agents are gone for good. */
  private async housekeeping(): Promise<void> {
    if (Date.now() - this.lastHousekeeping < HOUSEKEEPING_MS) return;
    this.lastHousekeeping = Date.now();
    const agents = await readPresence(this.options.nc, this.options.names);
    await recordAgents(this.options.ds, agents);
    const lost = await failLostTrials(this.options.ds, agents);
    if (lost.length > 0) this.options.logger.warn({ trials: lost }, 'scheduler: trials lost with their agents were failed');
  }

  /** One pass over all active sweeps, then publish what the pass committed. */
  async tickAll(): Promise<void> {
    const { ds, nc, names } = this.options;
    for (const id of await new SweepStore(ds).activeIds()) {
      const result = await ds.transaction((em) => tickSweep(em, names, id));
      if (result?.warmStart) this.options.logger.info({ sweepId: id, warmStart: result.warmStart }, describeWarmStart(result.warmStart));
      if (result?.changed) publishSweepChanged(nc, names, id);
      if (result && !this.orgsReady.has(result.organizationId)) {
        await ensureOrgTopology(nc, names, names.org(result.organizationId), []);
        this.orgsReady.add(result.organizationId);
      }
    }
    while ((await publishOutbox(ds, nc, { names, signer: this.options.signer })) > 0) {
      // Drain: a large grid can enqueue more than one page.
    }
  }
}
