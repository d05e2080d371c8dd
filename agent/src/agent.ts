import { LatestGpuReadings } from './gpu-latest.js';
import { assignmentSchema, decodeMessage, PROTOCOL_VERSION, SIGNATURE_HEADER } from '@anneal/protocol';
import { Events, type JsMsg, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { Capacity } from './capacity.js';
import { CheckpointStore } from './checkpoint-store.js';
import { settlesWithin } from './bounded.js';
import { ConnectionGate } from './connection-gate.js';
import { AgentError, errorMessage } from './errors.js';
import { selectGpus, type GpuDevice } from './gpus.js';
import { openNatsSession, type NatsSession } from './nats-session.js';
import { listGpus, readGpus } from './nvidia-smi.js';
import { resolveOptions, type AgentOptions, type ResolvedOptions } from './options.js';
import type { PublishFn } from './outbox.js';
import { Presence, type PresenceInfo } from './presence.js';
import { IdleGpuWatch } from './idle-gpu-watch.js';
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
  /**
   * Settles once the agent has closed: after drain()/stop(), or by itself when NATS is gone for
   * good (its credentials can no longer be renewed, say); then it rejects with the reason.
   */
  closed(): Promise<void>;
}

const PUBLISH_TIMEOUT_MS = 5_000;
/** How long a closing agent tries to delete its presence entry (the bucket's TTL removes it anyway). */
const PRESENCE_DELETE_MS = 2_000;
/** How long a closing agent lets the client drain (unsubscribe, flush) before it just closes. */
const NATS_DRAIN_MS = 3_000;

export async function startAgent(options: AgentOptions): Promise<AgentHandle> {
  const o = resolveOptions(options);
  // GPUs and slots are checked before connecting: a misconfigured box should say so at once.
  const gpus = o.gpus === null ? [] : selectGpus(o.gpus, await listGpus(o.nvidiaSmi));
  const capacity = new Capacity(o.slots ?? Math.max(1, gpus.length), gpus.map((g) => g.index));
  // An agent outlives NATS restarts; telemetry waits in its spool until the connection is back.
  const session = await openNatsSession(o);
  try {
    return await Agent.start(session, o, capacity, gpus);
  } catch (e) {
    session.close();
    await session.nc.close().catch(() => undefined);
    throw e;
  }
}

class Agent implements AgentHandle {
  private readonly trials = new Map<Trial, Promise<void>>();
  private pull: PullLoop | null = null;
  private presence: Presence | null = null;
  private idleGpus: IdleGpuWatch | null = null;
  private closing: Promise<void> | null = null;
  private lostNats: unknown = null;
  private markClosed: () => void = () => undefined;
  private readonly whenClosed = new Promise<void>((resolve) => { this.markClosed = resolve; });
  /** Publishing what agents that died on this work dir left unpublished. */
  private replaying: Promise<void> = Promise.resolve();
  /** Ends that replay early; what it has not published stays in the spool for the next start. */
  private readonly stopReplay = new AbortController();

  private readonly nc: NatsConnection;

  private constructor(
    private readonly session: NatsSession,
    private readonly o: ResolvedOptions,
    private readonly ctx: TrialContext,
    private readonly capacity: Capacity,
    private readonly gpus: GpuDevice[],
    private readonly spool: SpoolDir,
    private readonly gate: ConnectionGate,
    private readonly giveUp: AbortController,
  ) {
    this.nc = session.nc;
    giveUp.signal.addEventListener('abort', () => this.stopReplay.abort(), { once: true });
  }

  /** The streams, buckets and consumer exist already: the service declares them, agents may not. */
  static async start(session: NatsSession, o: ResolvedOptions, capacity: Capacity, gpus: GpuDevice[]): Promise<Agent> {
    const js = session.nc.jetstream();
    const consumer = await js.consumers.get(o.names.assignStream, o.org.assignConsumer(o.pool));
    const control = await js.views.kv(o.org.controlBucket, { bindOnly: true });
    const agents = await js.views.kv(o.org.agentsBucket, { bindOnly: true });
    const giveUp = new AbortController();
    const gate = new ConnectionGate();
    // A reading stays on the agents page for a few samples, then the GPU shows as idle.
    const gpuReadings = gpus.length === 0 ? undefined : new LatestGpuReadings(Math.max(3 * o.gpuSampleMs, 30_000));
    const publish: PublishFn = async (subject, data, msgID) => {
      await gate.ready(giveUp.signal);
      await js.publish(subject, data, { msgID, timeout: PUBLISH_TIMEOUT_MS });
    };
    // Last before the agent exists: a start that fails earlier leaves no spool folder behind.
    const spool = await SpoolDir.open(o.workDir, { namespace: o.names.namespace, agentId: o.agentId, host: o.host }, o.logger);
    const agent = new Agent(session, o, {
      agentId: o.agentId,
      host: o.host,
      org: o.org,
      control,
      publish,
      capacity,
      checkpoints: new CheckpointStore(js, o.org.checkpointsStore),
      gpuSampling: gpus.length === 0 ? null : { smi: o.nvidiaSmi, intervalMs: o.gpuSampleMs },
      ...(gpuReadings ? { gpuReadings } : {}),
      workDir: o.workDir,
      spool,
      telemetryMemoryBytes: o.telemetryMemoryBytes,
      programDir: o.programDir,
      interpreter: o.interpreter,
      stopGraceMs: o.stopGraceMs,
      logger: o.logger,
      giveUp: giveUp.signal,
      trainer: o.trainer,
      dataRoots: o.dataRoots,
    }, capacity, gpus, spool, gate, giveUp);
    agent.watchConnection();
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
    agent.presence = new Presence(agents, info, () => agent.running(), o.logger, gpuReadings);
    try {
      await agent.presence.start();
    } catch (e) {
      await spool.close();
      throw e;
    }
    if (gpuReadings) {
      agent.idleGpus = new IdleGpuWatch({
        indices: gpus.map((g) => g.index),
        read: (indices) => readGpus(o.nvidiaSmi, indices),
        readings: gpuReadings,
        intervalMs: o.gpuSampleMs,
        onFirstError: (err) => o.logger.warn({ err }, 'cannot read idle GPUs; the agents page shows them without readings'),
      });
      agent.idleGpus.start();
    }
    // In the background: old telemetry must not hold up new work, and ingest orders attempts anyway.
    agent.replaying = replayOrphanedSpools(spool, { publish, logger: o.logger, giveUp: agent.stopReplay.signal, memoryBytes: o.telemetryMemoryBytes });
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

  async closed(): Promise<void> {
    await this.whenClosed;
    if (this.lostNats !== null) throw new AgentError('NATS_UNREACHABLE', `lost NATS for good: ${errorMessage(this.lostNats)}`, { cause: this.lostNats });
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
    // stop() must end the agent even with NATS away for good: the stopped trials' reports, and
    // whatever else is unpublished, stay in their spools (the next agent on this work dir publishes
    // them) and their assignments unacked (JetStream redelivers them).
    if (terminate) this.gate.whenDown(() => this.giveUp.abort());
    this.closing ??= this.close();
    return this.closing;
  }

  private async close(): Promise<void> {
    await this.pull?.done;
    // A drain lets trials finish their reports first: they wait for NATS, however long it is away
    // (stop() ends that wait). Nothing after this waits on a NATS that is away.
    while (this.trials.size > 0) await Promise.all(this.trials.values());
    // Dead agents' telemetry is on disk already; with NATS away it waits there for the next start.
    this.gate.whenDown(() => this.stopReplay.abort());
    await this.replaying;
    await this.spool.close();
    await this.idleGpus?.stop();
    await this.presence?.stop(this.gate.isConnected, PRESENCE_DELETE_MS);
    this.session.close();
    await this.closeNats();
    this.o.logger.info('agent closed');
    this.markClosed();
  }

  /**
   * Drains the connection when the server is there, and closes it in any case. nats.js's drain()
   * does not close a connection whose server is gone: its flush is rejected at the next redial,
   * drain swallows that and resolves, and the client redials for ever (maxReconnectAttempts -1),
   * which kept `anneal agent` from exiting after `anneal up` had stopped.
   */
  private async closeNats(): Promise<void> {
    const warn = (err: unknown): void => this.o.logger.warn({ err }, 'closing the NATS connection failed');
    if (this.gate.isConnected && !(await settlesWithin(this.nc.drain().catch(warn), NATS_DRAIN_MS))) {
      this.o.logger.warn({ ms: NATS_DRAIN_MS }, 'draining the NATS connection took too long; closing it');
    }
    if (!this.nc.isClosed()) await this.nc.close().catch(warn);
  }

  private accept(msg: JsMsg): void {
    // Checked before the payload is even parsed: whoever can publish on NATS still cannot make this agent run anything.
    if (!this.o.verifier.verify(msg.subject, msg.data, msg.headers?.get(SIGNATURE_HEADER))) {
      this.o.logger.error({ streamSeq: msg.seq, subject: msg.subject, key: this.o.verifier.fingerprint }, 'refusing an assignment whose signature does not verify (forged or altered)');
      msg.term('assignment signature does not verify');
      this.capacity.release();
      return;
    }
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

  private watchConnection(): void {
    const { gate, giveUp } = this;
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
      this.lostNats = err ?? new Error('the connection was closed');
      logger.error({ err }, 'NATS connection closed for good; stopping the agent');
      void this.stop();
    });
  }
}
