import type { LatestGpuReadings } from './gpu-latest.js';
import { join } from 'node:path';
import { ASSIGNMENT_KEEPALIVE_MS, ASSIGNMENT_MAX_DELIVER, PROTOCOL_VERSION, type Assignment, type OrgNames, type TrialInfeasible } from '@anneal/protocol';
import type { JsMsg, KV } from 'nats';
import type { Logger } from 'pino';
import type { Capacity } from './capacity.js';
import { CheckpointUploader } from './checkpoint-uploader.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { DirectoryCheckpointStore } from './directory-checkpoint-store.js';
import type { SpoolDir } from './spool-dir.js';
import { watchStop, readStop, type StopWatch } from './control.js';
import { launchTrainer, type Launch } from './trainers/index.js';
import { GpuSampler } from './gpu-sampler.js';
import { readGpus } from './nvidia-smi.js';
import { AgentError, errorMessage } from './errors.js';
import { describeOutcome, type TrialOutcome } from './outcome.js';
import { TelemetryOutbox, type PublishFn } from './outbox.js';
import { restoreCheckpoint, type Restored } from './restore.js';
import { spawnTrainer, type TrainerProcess } from './trainer-process.js';
import { trialEnv } from './trial-env.js';
import { TrialTelemetry } from './trial-telemetry.js';
import type { TrainerSettings } from './options.js';
import { prepareTrialDirs, scratchDirOf } from './trainer-dirs.js';

/** What every trial of one agent shares. */
export interface TrialContext {
  agentId: string;
  host: string;
  /** The agent's organization: its telemetry subjects and buckets. */
  org: OrgNames;
  control: KV;
  publish: PublishFn;
  capacity: Capacity;
  checkpoints: CheckpointStore;
  /** How running trials' GPUs are sampled; null on agents without GPUs. */
  gpuSampling: { smi: string; intervalMs: number } | null;
  /** Where trials' samplers leave each GPU's latest reading, for the agent's presence. */
  gpuReadings?: LatestGpuReadings;
  workDir: string;
  /** Where each attempt spools its telemetry until NATS has it. */
  spool: SpoolDir;
  telemetryMemoryBytes: number;
  programDir: string;
  interpreter: string | undefined;
  stopGraceMs: number;
  logger: Logger;
  /** Aborted when the agent closes for good; pending telemetry is then abandoned. */
  giveUp: AbortSignal;
  /** Who trainers run as, and what they get of the agent's environment; absent: the agent's user, the allowlist only. */
  trainer: TrainerSettings;
  /** `--data-root`s (real paths) that sweeps' local data and checkpoint paths must lie in; empty: anywhere. */
  dataRoots: readonly string[];
}

type Finished = TrialOutcome & { logTail: string[]; infeasible?: TrialInfeasible };

/** Pause before a too-small agent's give-back is redelivered, so a bigger one can pull it first. */
const TOO_FEW_GPUS_RETRY_MS = 1_000;

function tooFewGpus(e: unknown): boolean {
  return e instanceof AgentError && e.code === 'TOO_FEW_GPUS';
}

/** Runs one attempt of one trial, from the assignment message to its ack. */
export class Trial {
  private stopReason: string | null = null;
  private process: TrainerProcess | null = null;
  /** Aborts the wait for GPUs, by a stop decision or because the agent gives unstarted work back. */
  private readonly waitAbort = new AbortController();
  private giveBack = false;
  private readonly attempt: number;
  private readonly logger: Logger;
  private readonly outbox: TelemetryOutbox;

  constructor(
    private readonly ctx: TrialContext,
    private readonly assignment: Assignment,
    private readonly msg: JsMsg,
  ) {
    const a = assignment;
    // deliveryCount is the non-deprecated name of info.redeliveryCount: 1 on the first delivery.
    this.attempt = msg.info.deliveryCount;
    this.logger = ctx.logger.child({ trialId: a.trialId, attempt: this.attempt });
    this.outbox = new TelemetryOutbox(
      ctx.publish,
      ctx.org.telemetrySubject(a.sweepId, a.trialId),
      { v: PROTOCOL_VERSION, trialId: a.trialId, sweepId: a.sweepId, leaseToken: a.leaseToken, attempt: this.attempt, agentId: ctx.agentId },
      this.logger,
      ctx.giveUp,
      { spoolPath: ctx.spool.fileFor(a.trialId, this.attempt), memoryBytes: ctx.telemetryMemoryBytes },
    );
  }

  get id(): string {
    return this.assignment.trialId;
  }

  /** Ends the trial as `stopped`; safe to call at any point, and more than once. */
  requestStop(reason: string): void {
    this.stopReason ??= reason;
    this.waitAbort.abort();
    this.process?.terminate(this.ctx.stopGraceMs);
  }

  /** The agent is closing: a trial still waiting for GPUs goes back to the queue for another agent. */
  releaseIfWaiting(): void {
    this.giveBack = true;
    this.waitAbort.abort();
  }

  async run(): Promise<void> {
    // Keeps JetStream from handing the assignment to another agent while this one works on it.
    const keepalive = setInterval(() => this.msg.working(), ASSIGNMENT_KEEPALIVE_MS);
    let watch: StopWatch | null = null;
    let gpus: number[] = [];
    try {
      const earlyStop = await readStop(this.ctx.control, this.id, this.logger).catch((err: unknown) => {
        this.logger.warn({ err }, 'could not read control entry; starting anyway (the watch will catch a stop)');
        return null;
      });
      let finished: Finished;
      if (earlyStop !== null) {
        finished = { status: 'stopped', exitCode: null, error: `stopped before start: ${earlyStop.reason}`, logTail: [] };
      } else {
        watch = await watchStop(this.ctx.control, this.id, this.logger, (c) => this.requestStop(`stopped: ${c.reason}`)).catch(
          (err: unknown) => {
            this.logger.warn({ err }, 'could not watch the control entry; stop decisions will not reach this trial');
            return null;
          },
        );
        const wanted = this.assignment.resources?.gpus ?? this.ctx.capacity.defaultGpus();
        const granted = await this.ctx.capacity.takeGpus(wanted, this.waitAbort.signal).then(
          (g) => ({ ok: true as const, gpus: g }),
          (e: unknown) => ({ ok: false as const, error: e }),
        );
        if (!granted.ok && tooFewGpus(granted.error) && this.attempt < ASSIGNMENT_MAX_DELIVER) {
          // Another agent of the pool may have the GPUs; the delay keeps this one from taking it straight back.
          this.msg.nak(TOO_FEW_GPUS_RETRY_MS);
          this.logger.info({ wanted }, 'gave back an assignment that needs more GPUs than this agent has');
          return;
        }
        if (!granted.ok && this.giveBack) {
          // Not started, so nothing to report: another agent can run it now.
          this.msg.nak();
          this.logger.info('gave back an assignment that was waiting for GPUs');
          return;
        }
        if (granted.ok) gpus = granted.gpus;
        this.outbox.send({ type: 'started', host: this.ctx.host, at: Date.now(), gpus: this.ctx.capacity.gpuShare(gpus) });
        if (this.stopReason !== null) {
          finished = { status: 'stopped', exitCode: null, error: this.stopReason, logTail: [] };
        } else if (!granted.ok) {
          const hint = tooFewGpus(granted.error)
            ? `; no agent of this pool with enough GPUs took it in ${ASSIGNMENT_MAX_DELIVER} deliveries: start one, or lower the sweep's resources.gpus`
            : '';
          finished = { status: 'failed', exitCode: null, error: `cannot run here: ${errorMessage(granted.error)}${hint}`, logTail: [] };
        } else {
          finished = await this.execute(gpus);
        }
      }
      // The protocol caps error at 16 KiB; a spawn error or stop reason is far shorter, an exception message may not be.
      this.outbox.send({ type: 'finished', ...finished, error: finished.error?.slice(0, 16_000), at: Date.now() });
      // Everything, `finished` included, is in JetStream before the spool goes and the assignment is acked.
      await this.outbox.close();
      if (this.outbox.gaveUp) return; // not acked: JetStream redelivers it to an agent that can report
      await this.msg.ackAck().catch((err: unknown) => this.logger.warn({ err }, 'ack failed; the trial may be redelivered'));
      this.logger.info({ status: finished.status, error: finished.error }, 'trial finished');
    } finally {
      clearInterval(keepalive);
      watch?.cancel();
      this.ctx.capacity.giveGpus(gpus);
    }
  }

  private async execute(gpus: number[]): Promise<Finished> {
    const a = this.assignment;
    // Keyed by trial, not attempt: a retry on the same box finds the checkpoints of the last one.
    const cwd = join(this.ctx.workDir, 'trials', a.trialId);
    const checkpointDir = join(cwd, 'checkpoints');
    const checkpoints = a.checkpointStore?.path !== undefined ? new DirectoryCheckpointStore(a.checkpointStore.path, this.ctx.dataRoots) : this.ctx.checkpoints;
    const user = this.ctx.trainer.user ?? null;
    // Archives wait outside the trial folder, which a trainer running as another user controls.
    const scratchDir = scratchDirOf(this.ctx.workDir);
    const runAs = user ?? undefined;
    const uploader = new CheckpointUploader({
      trialId: a.trialId,
      dir: checkpointDir,
      scratchDir,
      runAs,
      store: checkpoints,
      onStored: (c) => {
        this.logger.info(c, 'checkpoint stored');
        this.outbox.send({ type: 'checkpoint', ...c });
      },
      onFailed: (step, err) => telemetry.note(`checkpoint at step ${step} was not stored: ${errorMessage(err)}`),
    });
    const telemetry = new TrialTelemetry(this.outbox, this.logger, Date.now, (step) => uploader.request(step));
    let argv: string[];
    let env: NodeJS.ProcessEnv;
    try {
      if (checkpoints instanceof DirectoryCheckpointStore) checkpoints.checkRoot();
      const launch = this.command();
      argv = launch.argv;
      const account = await prepareTrialDirs(this.ctx.workDir, cwd, checkpointDir, user);
      const restored = await restoreCheckpoint(checkpoints, a, this.attempt, { trialDir: cwd, scratchDir, runAs });
      if (restored !== null) telemetry.note(describeRestore(restored));
      const onGpuAgent = this.ctx.capacity.gpuCount > 0;
      env = trialEnv(process.env, {
        assignment: a, checkpointDir, restore: restored, gpus: onGpuAgent ? gpus : null,
        launch: launch.env, forward: this.ctx.trainer.forwardEnv, account,
      }, a.env ?? {});
    } catch (e) {
      telemetry.close();
      return { status: 'failed', exitCode: null, error: `cannot prepare trial: ${errorMessage(e)}`, logTail: telemetry.tail.snapshot() };
    }
    if (this.stopReason !== null) {
      telemetry.close();
      return { status: 'stopped', exitCode: null, error: this.stopReason, logTail: [] };
    }

    this.logger.info({ argv, cwd, gpus, uid: user?.uid }, 'starting trainer');
    const proc = spawnTrainer(argv, {
      cwd,
      env,
      runAs,
      onLine: (stream, line) => (stream === 'stdout' ? telemetry.stdout(line) : telemetry.stderr(line)),
    });
    this.process = proc;
    // A stop that arrived while the trainer was being spawned.
    if (this.stopReason !== null) proc.terminate(this.ctx.stopGraceMs);
    const sampler = this.startSampler(gpus, telemetry);
    const exit = await proc.exited;
    await sampler?.stop();
    // The finished message comes after the checkpoints, so whoever reads it can rely on them.
    await uploader.done();
    telemetry.close();
    const outcome = describeOutcome(exit, this.stopReason);
    const infeasible = telemetry.infeasibility.verdict(outcome);
    return { ...outcome, logTail: telemetry.tail.snapshot(), ...(infeasible !== undefined ? { infeasible } : {}) };
  }

  private startSampler(gpus: number[], telemetry: TrialTelemetry): GpuSampler | null {
    const sampling = this.ctx.gpuSampling;
    if (sampling === null || gpus.length === 0) return null;
    const sampler = new GpuSampler({
      read: () => readGpus(sampling.smi, gpus),
      emit: (points) => telemetry.points(points),
      onReadings: (readings, t) => this.ctx.gpuReadings?.record(readings, t),
      onFirstError: (err) => telemetry.note(`GPU sampling failed, no system/gpu metrics for this trial: ${errorMessage(err)}`),
      intervalMs: sampling.intervalMs,
    });
    sampler.start();
    return sampler;
  }

  private command(): Launch {
    return launchTrainer(this.assignment.trainer, { params: this.assignment.params, programDir: this.ctx.programDir, interpreter: this.ctx.interpreter, dataRoots: this.ctx.dataRoots });
  }
}

function describeRestore(r: Restored): string {
  const why = r.reason === 'resume' ? "resuming from this trial's latest checkpoint" : 'starting from the assigned checkpoint';
  return `${why}: ${r.key} (${r.bytes} bytes) unpacked into ANNEAL_RESTORE_DIR=${r.dir}`;
}
