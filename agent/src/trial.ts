import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { nestParams } from '@anneal/core';
import { ASSIGNMENT_KEEPALIVE_MS, PROTOCOL_VERSION, type Assignment, type ProtocolNames } from '@anneal/protocol';
import type { JsMsg, KV } from 'nats';
import type { Logger } from 'pino';
import { watchStop, readStop, type StopWatch } from './control.js';
import { trainerArgv } from './command.js';
import { describeOutcome, type TrialOutcome } from './outcome.js';
import { TelemetryOutbox, type PublishFn } from './outbox.js';
import { spawnTrainer, type TrainerProcess } from './trainer-process.js';
import { TrialTelemetry } from './trial-telemetry.js';

/** What every trial of one agent shares. */
export interface TrialContext {
  agentId: string;
  host: string;
  names: ProtocolNames;
  control: KV;
  publish: PublishFn;
  workDir: string;
  programDir: string;
  interpreter: string | undefined;
  stopGraceMs: number;
  logger: Logger;
  /** Aborted when the agent closes for good; pending telemetry is then abandoned. */
  giveUp: AbortSignal;
}

type Finished = TrialOutcome & { logTail: string[] };

/** Runs one attempt of one trial, from the assignment message to its ack. */
export class Trial {
  private stopReason: string | null = null;
  private process: TrainerProcess | null = null;
  private readonly logger: Logger;
  private readonly outbox: TelemetryOutbox;

  constructor(
    private readonly ctx: TrialContext,
    private readonly assignment: Assignment,
    private readonly msg: JsMsg,
  ) {
    const a = assignment;
    // deliveryCount is the non-deprecated name of info.redeliveryCount: 1 on the first delivery.
    const attempt = msg.info.deliveryCount;
    this.logger = ctx.logger.child({ trialId: a.trialId, attempt });
    this.outbox = new TelemetryOutbox(
      ctx.publish,
      ctx.names.telemetrySubject(a.sweepId, a.trialId),
      { v: PROTOCOL_VERSION, trialId: a.trialId, sweepId: a.sweepId, leaseToken: a.leaseToken, attempt, agentId: ctx.agentId },
      this.logger,
      ctx.giveUp,
    );
  }

  get id(): string {
    return this.assignment.trialId;
  }

  /** Ends the trial as `stopped`; safe to call at any point, and more than once. */
  requestStop(reason: string): void {
    this.stopReason ??= reason;
    this.process?.terminate(this.ctx.stopGraceMs);
  }

  async run(): Promise<void> {
    // Keeps JetStream from handing the assignment to another agent while this one works on it.
    const keepalive = setInterval(() => this.msg.working(), ASSIGNMENT_KEEPALIVE_MS);
    let watch: StopWatch | null = null;
    try {
      const earlyStop = await readStop(this.ctx.control, this.id, this.logger).catch((err: unknown) => {
        this.logger.warn({ err }, 'could not read control entry; starting anyway (the watch will catch a stop)');
        return null;
      });
      let finished: Finished;
      if (earlyStop !== null) {
        finished = { status: 'stopped', exitCode: null, error: `stopped before start: ${earlyStop.reason}`, logTail: [] };
      } else {
        this.outbox.send({ type: 'started', host: this.ctx.host, at: Date.now() });
        watch = await watchStop(this.ctx.control, this.id, this.logger, (c) => this.requestStop(`stopped: ${c.reason}`)).catch(
          (err: unknown) => {
            this.logger.warn({ err }, 'could not watch the control entry; stop decisions will not reach this trial');
            return null;
          },
        );
        finished = await this.execute();
      }
      // The protocol caps error at 16 KiB; a spawn error or stop reason is far shorter, an exception message may not be.
      this.outbox.send({ type: 'finished', ...finished, error: finished.error?.slice(0, 16_000), at: Date.now() });
      await this.outbox.flush();
      if (this.outbox.gaveUp) return; // not acked: JetStream redelivers it to an agent that can report
      await this.msg.ackAck().catch((err: unknown) => this.logger.warn({ err }, 'ack failed; the trial may be redelivered'));
      this.logger.info({ status: finished.status, error: finished.error }, 'trial finished');
    } finally {
      clearInterval(keepalive);
      watch?.cancel();
    }
  }

  private async execute(): Promise<Finished> {
    const telemetry = new TrialTelemetry(this.outbox, this.logger);
    let argv: string[];
    let cwd: string;
    let env: NodeJS.ProcessEnv;
    try {
      argv = this.command();
      ({ cwd, env } = await this.prepare());
    } catch (e) {
      return { status: 'failed', exitCode: null, error: `cannot prepare trial: ${(e as Error).message}`, logTail: [] };
    }
    if (this.stopReason !== null) return { status: 'stopped', exitCode: null, error: this.stopReason, logTail: [] };

    this.logger.info({ argv, cwd }, 'starting trainer');
    const proc = spawnTrainer(argv, {
      cwd,
      env,
      onLine: (stream, line) => (stream === 'stdout' ? telemetry.stdout(line) : telemetry.stderr(line)),
    });
    this.process = proc;
    // A stop that arrived while the trainer was being spawned.
    if (this.stopReason !== null) proc.terminate(this.ctx.stopGraceMs);
    const exit = await proc.exited;
    telemetry.close();
    return { ...describeOutcome(exit, this.stopReason), logTail: telemetry.tail.snapshot() };
  }

  private command(): string[] {
    const t = this.assignment.trainer;
    // The trainer runs in its trial directory, where a relative `train.py` would not be found;
    // it means the file next to where the agent was started, as with `wandb agent`.
    const program = t.program === undefined ? undefined : resolve(this.ctx.programDir, t.program);
    return trainerArgv({ ...t, program }, this.assignment.params, this.ctx.interpreter);
  }

  private async prepare(): Promise<{ cwd: string; env: NodeJS.ProcessEnv }> {
    const a = this.assignment;
    // Keyed by trial, not attempt: a retry on the same box finds the checkpoints of the last one.
    const cwd = join(this.ctx.workDir, 'trials', a.trialId);
    const checkpointDir = join(cwd, 'checkpoints');
    await mkdir(checkpointDir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ANNEAL_PARAMS: JSON.stringify(nestParams(a.params)),
      ANNEAL_TRIAL_ID: a.trialId,
      ANNEAL_SWEEP_ID: a.sweepId,
      ANNEAL_TRIAL_NUMBER: String(a.number),
      ANNEAL_CHECKPOINT_DIR: checkpointDir,
      PYTHONUNBUFFERED: '1',
    };
    return { cwd, env };
  }
}
