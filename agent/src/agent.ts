import { assignmentSchema, decodeMessage, ensurePoolConsumer, ensureTopology, PROTOCOL_VERSION } from '@anneal/protocol';
import { connect, Events, type JsMsg, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { Capacity } from './capacity.js';
import { CheckpointStore } from './checkpoint-store.js';
import { ConnectionGate } from './connection-gate.js';
import { AgentError } from './errors.js';
import { selectGpus, type GpuDevice } from './gpus.js';
import { listGpus } from './nvidia-smi.js';
import { resolveOptions, type AgentOptions, type ResolvedOptions } from './options.js';
import type { PublishFn } from './outbox.js';
import { Presence, type PresenceInfo } from './presence.js';
import { PullLoop } from './pull-loop.js';
import { SpoolDir } from './spool-dir.js';
import { replayOrphanedSpools } from './spool-replay.js';
import { Trial, type TrialContext } from './trial.js';
import { agentVersion } from './version.js';

export interface AgentHandle {
  id: string;
  /** Stop pulling, let running trials finish and report, then close. */
  drain(): Promise<void>;
  /** Stop pulling, SIGTERM running trainers, report them as stopped, then close. */
  stop(): Promise<void>;
  /** Ids of the trials running now. */
  running(): string[];
  /** What the agent runs trials on. */
  resources(): { slots: number; gpus: GpuDevice[] };
}

const PUBLISH_TIMEOUT_MS = 5_000;

export async function startAgent(options: AgentOptions): Promise<AgentHandle> {
  const o = resolveOptions(options);
  // GPUs and slots are checked before connecting: a misconfigured box should say so at once.
  const gpus = o.gpus === null ? [] : selectGpus(o.gpus, await listGpus(o.nvidiaSmi));
  const capacity = new Capacity(o.slots ?? Math.max(1, gpus.length), gpus.map((g) => g.index));
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: o.servers,
      token: o.natsToken,
      name: `anneal-agent ${o.agentId}`,
      // An agent outlives NATS restarts; telemetry waits in its spool until the connection is back.
      maxReconnectAttempts: -1,
    });
  } catch (e) {
    throw new AgentError('NATS_UNREACHABLE', `cannot connect to NATS at ${o.servers.join(', ')}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return await Agent.start(nc, o, capacity, gpus);
  } catch (e) {
    await nc.close().catch(() => undefined);
    throw e;
  }
}

class Agent implements AgentHandle {
  private readonly trials = new Map<Trial, Promise<void>>();
  private pull: PullLoop | null = null;
  private presence: Presence | null = null;
  private closing: Promise<void> | null = null;
  /** Publishing what agents that died on this work dir left unpublished. */
  private replaying: Promise<void> = Promise.resolve();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly o: ResolvedOptions,
    private readonly ctx: TrialContext,
    private readonly capacity: Capacity,
    private readonly gpus: GpuDevice[],
    private readonly spool: SpoolDir,
  ) {}

  static async start(nc: NatsConnection, o: ResolvedOptions, capacity: Capacity, gpus: GpuDevice[]): Promise<Agent> {
    await ensureTopology(nc, o.names);
    const durable = await ensurePoolConsumer(nc, o.names, o.pool);
    const js = nc.jetstream();
    const consumer = await js.consumers.get(o.names.assignStream, durable);
    const control = await js.views.kv(o.names.controlBucket, { bindOnly: true });
    const agents = await js.views.kv(o.names.agentsBucket, { bindOnly: true });
    const giveUp = new AbortController();
    const gate = new ConnectionGate();
    const publish: PublishFn = async (subject, data, msgID) => {
      await gate.ready(giveUp.signal);
      await js.publish(subject, data, { msgID, timeout: PUBLISH_TIMEOUT_MS });
    };
    // Last before the agent exists: a start that fails earlier leaves no spool folder behind.
    const spool = await SpoolDir.open(o.workDir, { namespace: o.names.namespace, agentId: o.agentId, host: o.host }, o.logger);
    const agent = new Agent(nc, o, {
      agentId: o.agentId,
      host: o.host,
      names: o.names,
      control,
      publish,
      capacity,
      checkpoints: new CheckpointStore(js, o.names.checkpointsStore),
      gpuSampling: gpus.length === 0 ? null : { smi: o.nvidiaSmi, intervalMs: o.gpuSampleMs },
      workDir: o.workDir,
      spool,
      telemetryMemoryBytes: o.telemetryMemoryBytes,
      programDir: o.programDir,
      interpreter: o.interpreter,
      stopGraceMs: o.stopGraceMs,
      logger: o.logger,
      giveUp: giveUp.signal,
    }, capacity, gpus, spool);
    agent.watchConnection(gate, giveUp);
    const info: PresenceInfo = {
      v: PROTOCOL_VERSION,
      id: o.agentId,
      organizationId: o.organizationId,
      host: o.host,
      pool: o.pool,
      slots: capacity.slots,
      gpus: gpus.map((g) => ({ index: g.index, name: g.name, memoryMiB: g.memoryMiB, uuid: g.uuid })),
      version: agentVersion(),
      startedAt: Date.now(),
    };
    agent.presence = new Presence(agents, info, () => agent.running(), o.logger);
    try {
      await agent.presence.start();
    } catch (e) {
      await spool.close();
      throw e;
    }
    // In the background: old telemetry must not hold up new work, and ingest orders attempts anyway.
    agent.replaying = replayOrphanedSpools(spool, { publish, logger: o.logger, giveUp: giveUp.signal, memoryBytes: o.telemetryMemoryBytes });
    agent.pull = new PullLoop(consumer, capacity, (msg) => agent.accept(msg), o.logger);
    o.logger.info({ pool: o.pool, slots: capacity.slots, gpus: gpus.map((g) => g.index), namespace: o.names.namespace }, 'agent started');
    return agent;
  }

  get id(): string {
    return this.o.agentId;
  }

  running(): string[] {
    return [...new Set([...this.trials.keys()].map((t) => t.id))];
  }

  resources(): { slots: number; gpus: GpuDevice[] } {
    return { slots: this.capacity.slots, gpus: [...this.gpus] };
  }

  drain(): Promise<void> {
    return this.shutdown(false);
  }

  stop(): Promise<void> {
    return this.shutdown(true);
  }

  private shutdown(terminate: boolean): Promise<void> {
    this.pull?.stop();
    for (const trial of this.trials.keys()) {
      trial.releaseIfWaiting();
      if (terminate) trial.requestStop(`agent ${this.id} was stopped`);
    }
    this.closing ??= this.close();
    return this.closing;
  }

  private async close(): Promise<void> {
    await this.pull?.done;
    // Trials finish their reports first: they wait for NATS, however long it is away.
    while (this.trials.size > 0) await Promise.all(this.trials.values());
    await this.replaying;
    await this.spool.close();
    await this.presence?.stop();
    await this.nc.drain().catch((err: unknown) => this.o.logger.warn({ err }, 'closing the NATS connection failed'));
    this.o.logger.info('agent closed');
  }

  private accept(msg: JsMsg): void {
    const decoded = decodeMessage(assignmentSchema, msg.data);
    if (!decoded.ok) {
      // Redelivering cannot fix a malformed message; term() drops it at once.
      this.o.logger.warn({ streamSeq: msg.seq, subject: msg.subject, reason: decoded.error }, 'terminating malformed assignment');
      msg.term(`malformed assignment: ${decoded.error}`.slice(0, 500));
      this.capacity.release();
      return;
    }
    const trial = new Trial(this.ctx, decoded.value, msg);
    const run = trial
      .run()
      .catch((err: unknown) => this.o.logger.error({ err, trialId: trial.id }, 'trial crashed the runner'))
      .finally(() => {
        this.trials.delete(trial);
        this.capacity.release();
        this.presence?.touch();
      });
    this.trials.set(trial, run);
    this.presence?.touch();
  }

  private watchConnection(gate: ConnectionGate, giveUp: AbortController): void {
    const logger: Logger = this.o.logger;
    void (async () => {
      for await (const s of this.nc.status()) {
        if (s.type === Events.Disconnect) {
          gate.set(false);
          logger.warn({ server: s.data }, 'lost NATS; telemetry is kept until it is back');
        } else if (s.type === Events.Reconnect) {
          gate.set(true);
          logger.info({ server: s.data }, 'NATS is back');
        } else if (s.type === Events.Error) {
          logger.warn({ data: s.data }, 'NATS error');
        }
      }
    })();
    void this.nc.closed().then((err) => {
      giveUp.abort();
      if (this.closing !== null) return;
      // Without NATS nothing can be reported; end the trainers rather than leave them unsupervised.
      logger.error({ err }, 'NATS connection closed for good; stopping the agent');
      void this.stop();
    });
  }
}
