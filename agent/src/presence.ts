import { AGENT_HEARTBEAT_MS, agentPresenceSchema, encodeMessage, type AgentPresence } from '@anneal/protocol';
import type { KV } from 'nats';
import type { Logger } from 'pino';
import { settlesWithin } from './bounded.js';
import type { LatestGpuReadings } from './gpu-latest.js';

export type PresenceInfo = Omit<AgentPresence, 'running' | 'heartbeatAt'>;

/**
 * Keeps the agent's entry in the presence bucket fresh. The bucket's TTL removes the entry of
 * an agent that died; a clean shutdown deletes it at once. Writes are serialised so an older
 * running list can never land after a newer one.
 */
export class Presence {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private dirty = false;
  private stopped = false;

  constructor(
    private readonly kv: KV,
    private readonly info: PresenceInfo,
    private readonly running: () => string[],
    private readonly logger: Logger,
    /** The latest reading of each GPU, merged into `gpus` on every write. */
    private readonly readings?: LatestGpuReadings,
  ) {}

  async start(): Promise<void> {
    await this.put();
    this.timer = setInterval(() => this.touch(), AGENT_HEARTBEAT_MS);
  }

  /** Writes soon; call when the running set changed so the UI need not wait for the next heartbeat. */
  touch(): void {
    if (this.stopped) return;
    if (this.writing !== null) {
      this.dirty = true;
      return;
    }
    this.writing = this.put()
      .catch((err: unknown) => {
        // One in flight when the agent closed fails with the connection; that is expected, not news.
        if (!this.stopped) this.logger.warn({ err }, 'presence heartbeat failed');
      })
      .finally(() => {
        this.writing = null;
        if (this.dirty) {
          this.dirty = false;
          this.touch();
        }
      });
  }

  /**
   * Stops the heartbeat and deletes the entry. Bounded: with NATS away (`connected` false) nothing
   * is waited for, and otherwise a server that dies meanwhile costs at most `boundMs`; either way
   * the bucket's TTL removes the entry the delete did not.
   */
  async stop(connected: boolean, boundMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    if (!connected) return;
    const done = (async () => {
      while (this.writing !== null) await this.writing;
      await this.kv.delete(this.info.id);
    })().catch((err: unknown) => this.logger.warn({ err }, 'could not delete presence entry'));
    if (!(await settlesWithin(done, boundMs))) this.logger.warn({ boundMs }, 'gave up deleting the presence entry; its TTL removes it');
  }

  private async put(): Promise<void> {
    const now = Date.now();
    const fresh = this.readings?.fresh(now);
    const gpus = this.info.gpus.map((g) => {
      const r = fresh?.get(g.index);
      return r ? { ...g, utilization: r.utilization, memoryUsedMiB: r.memoryUsedMiB, readAt: r.at } : g;
    });
    const value: AgentPresence = { ...this.info, gpus, running: this.running(), heartbeatAt: now };
    await this.kv.put(this.info.id, encodeMessage(agentPresenceSchema, value));
  }
}
