import {
  budgetRoom,
  costUnit,
  DEFAULT_COMMAND,
  initSearcher,
  searcherStep,
  type BudgetRoom,
  type SearcherAction,
  type SearcherEvent,
  type SearcherState,
  type SweepConfig,
} from '@anneal/core';
import { EventStore, MetricStore, OutboxStore, SpendStore, SweepStore, TrialStore, type Queryable, type SchedulableSweep, type SweepStatus } from '@anneal/db';
import { assignmentMsgId, assignmentSchema, PROTOCOL_VERSION, stopRequest, type Assignment, type OrgNames, type ProtocolNames } from '@anneal/protocol';
import { randomBytes, randomUUID } from 'node:crypto';
import { finishedObjectiveFields } from './objective-values.js';
import { loadSweepConfig, SchedulerError } from './sweep-config.js';
import { silentMetricReason } from './silent-metric.js';
import { sweepOutcome } from './sweep-outcome.js';
import { exhaustionReason, feasibilityOfFinished } from './trial-feasibility.js';
import { completeWarmTrials, type WarmStartReport } from './warm-start.js';

export interface TickResult {
  organizationId: string;
  created: number;
  status: SweepStatus;
  changed: boolean;
  /** Present on the tick that handed a stored warm start to the searcher. */
  warmStart?: WarmStartReport;
}

/** The stores one tick works through, all on the caller's transaction. */
interface Stores { sweeps: SweepStore; trials: TrialStore; metrics: MetricStore; events: EventStore; outbox: OutboxStore }

/**
 * One scheduling step for one sweep, inside the caller's transaction: tell the searcher what
 * finished, ask it to fill free slots, and persist its new state together with the trials it
 * created and their assignments (in the outbox). Either all of it commits or none of it does.
 * This is the only place that steps a sweep's searcher.
 */
export async function tickSweep(em: Queryable, names: ProtocolNames, sweepId: string): Promise<TickResult | null> {
  const db: Stores = {
    sweeps: new SweepStore(em), trials: new TrialStore(em), metrics: new MetricStore(em), events: new EventStore(em), outbox: new OutboxStore(em),
  };
  const sweep = await db.sweeps.lockForScheduling(sweepId);
  if (!sweep || !['PENDING', 'RUNNING', 'PAUSED'].includes(sweep.status)) return null;
  if (!sweep.organizationId) throw new SchedulerError('PROJECT_MISSING', `the sweep's project ${sweep.projectId} is gone while the sweep row is locked`);
  // run_cap and max_concurrent may have changed since the config was written (updateSweep); the row holds what is in force.
  const written = loadSweepConfig(sweep);
  const config = { ...written, maxConcurrent: sweep.maxConcurrent, ...(sweep.runCap === null ? {} : { runCap: sweep.runCap }) };
  const org = names.org(sweep.organizationId);
  let state = (sweep.searcherState ?? initSearcher(config, sweep.seed)) as SearcherState;
  const actions: SearcherAction[] = [];
  const step = (event: SearcherEvent): void => {
    const out = searcherStep(config, state, event);
    state = out.state;
    actions.push(...out.actions);
  };

  // createSweep stored the earlier sweep's finished trials; the first tick hands them over.
  const warmStarted = sweep.warmStart !== null;
  let warmStart: WarmStartReport | undefined;
  if (sweep.warmStart) {
    const { trials, missingValues } = completeWarmTrials(sweep.warmStart);
    step({ type: 'warm_start', trials });
    warmStart = { offered: sweep.warmStart.length, used: state.warm?.length ?? 0, missingValues };
  }

  await feedReports(db.metrics, sweep.id, config, state, step);

  const finished = await db.trials.untoldOutcomes(sweep.id);
  // Budgeted sweeps tell each trial's cost in the budget's unit: the GP then weighs improvement against it.
  const unit = costUnit(config);
  const objectiveFields = await finishedObjectiveFields(db, sweep.id, config, finished);
  const feasibility = await feasibilityOfFinished(db, sweep.id, config, finished);
  for (const t of finished) {
    // A person's stop ends trials STOPPED; for the searcher that is a trial cut short, like a pruned one.
    const outcome = t.status === 'STOPPED' ? 'pruned' : (t.status.toLowerCase() as 'completed' | 'pruned' | 'failed');
    const cost = unit === 'gpu_hours' ? t.gpuHours : unit === 'wall_hours' ? t.wallHours : undefined;
    step({ type: 'finished', trial: t.number, state: outcome, value: t.objective, ...(cost !== undefined ? { cost: Math.max(0, cost) } : {}), ...feasibility(t), ...objectiveFields.get(t.id) });
  }
  await db.trials.markTold(finished.map((t) => t.id));

  // A metric no trainer reports leaves the searcher blind: end the sweep saying so, not never.
  const silent = finished.length > 0 && config.metric && !config.objectives ? await silentMetricReason(db, sweep.id, config.metric.name, state) : null;
  if (silent) {
    await db.sweeps.saveSchedulingState(sweep.id, state, 'FAILED', silent);
    return { organizationId: org.organizationId, created: 0, status: 'FAILED', changed: true, ...(warmStart ? { warmStart } : {}) };
  }

  const active = await db.trials.countActive(sweep.id);
  // The budget counts trials in flight, so what it leaves is read after this tick's outcomes.
  const budget: BudgetRoom | null = config.budget ? budgetRoom(config.budget, await new SpendStore(em).ofSweep(sweep.id)) : null;
  const free = sweep.status === 'PAUSED' ? 0 : Math.min(sweep.maxConcurrent - active, budget?.room ?? Infinity);
  if (free > 0 && !isExhausted(state)) step({ type: 'request', count: free });

  let created = 0;
  for (const action of actions) {
    if (action.type === 'create') {
      await createTrial(db, org, sweep, config, action);
      created += 1;
    } else if (action.type === 'stop') {
      await recordStop(db, org, sweep.id, action);
    }
  }

  let status: SweepStatus = sweep.status;
  if (status === 'PENDING' && created > 0) status = 'RUNNING';
  // Nothing running, room to run, and the searcher proposes nothing: it has nothing left to try
  // even if it never said so, and waiting would leave the sweep RUNNING forever.
  const stalled = free > 0 && active === 0 && created === 0 && finishedOrAsked(state);
  const spent = budget !== null && budget.room === 0;
  if (status !== 'PAUSED' && (isExhausted(state) || stalled || spent) && active + created === 0) status = 'COMPLETED';
  if (status === 'PENDING' && isExhausted(state)) status = 'COMPLETED';
  let reason: string | null = null;
  // Finishing is COMPLETED only if some trial produced a result (see decideOutcome).
  if (status === 'COMPLETED') ({ status, reason } = await sweepOutcome(db.trials, sweep.id));
  // A sweep the budget ended says so, unless it failed outright (that reason matters more).
  if (status === 'COMPLETED' && spent && !isExhausted(state)) reason = budget?.reason ?? null;
  reason ??= exhaustionReason(actions, sweep, state);
  const changed = warmStarted || status !== sweep.status || created > 0 || finished.length > 0 || actions.length > 0;
  if (changed) await db.sweeps.saveSchedulingState(sweep.id, state, status, reason);
  return { organizationId: org.organizationId, created, status, changed, ...(warmStart ? { warmStart } : {}) };
}

/**
 * Early stopping and PBT decide on intermediate values: hand the searcher the sweep metric's
 * points that arrived since each pending trial's last report. Other methods never look at
 * them, so their sweeps skip the query (and keep their state small).
 */
async function feedReports(
  metrics: MetricStore, sweepId: string, config: SweepConfig, state: SearcherState, step: (e: SearcherEvent) => void,
): Promise<void> {
  if (!config.metric || (!config.earlyTerminate && config.method !== 'pbt')) return;
  const pending = Object.entries(state.trials).filter(([, r]) => r.status === 'pending');
  if (pending.length === 0) return;
  const after = pending.map(([n, r]) => ({ number: Number(n), step: r.reports?.at(-1)?.[0] ?? -1 }));
  for (const r of await metrics.reportsAfter(sweepId, config.metric.name, after)) {
    step({ type: 'report', trial: r.number, step: r.step, value: r.value, ...(r.checkpoint ? { checkpoint: true } : {}) });
  }
}

/** A searcher that created trials before (so it was asked and answered) and has none pending. */
function finishedOrAsked(state: SearcherState): boolean {
  const trials = Object.values(state.trials);
  return trials.length > 0 && trials.every((t) => t.status !== 'pending');
}

function isExhausted(state: SearcherState): boolean {
  return Boolean((state as { exhausted?: boolean }).exhausted);
}

async function createTrial(
  db: Stores,
  org: OrgNames,
  sweep: SchedulableSweep,
  config: SweepConfig,
  action: Extract<SearcherAction, { type: 'create' }>,
): Promise<void> {
  const id = randomUUID();
  const leaseToken = randomBytes(18).toString('base64url');
  const parentTrialId = action.restore ? await db.trials.idByNumber(sweep.id, action.restore.trial) : null;
  await db.trials.insert({
    id, sweepId: sweep.id, number: action.trial, params: action.params, leaseToken, parentTrialId, restoreStep: action.restore?.step ?? null,
  });
  await db.events.recordCreated(id, sweep.id, { number: action.trial, ...(action.restore ? { restore: action.restore } : {}) });
  const assignment: Assignment = assignmentSchema.parse({
    v: PROTOCOL_VERSION,
    trialId: id,
    sweepId: sweep.id,
    projectId: sweep.projectId,
    number: action.trial,
    leaseToken,
    metric: config.metric ? { name: config.metric.name, goal: config.metric.goal } : null,
    params: action.params,
    trainer: config.trainer ?? { type: 'command', command: config.command ?? [...DEFAULT_COMMAND], ...(config.program ? { program: config.program } : {}) },
    ...(config.checkpointStore ? { checkpointStore: { path: config.checkpointStore.path } } : {}),
    ...(config.resources ? { resources: { gpus: config.resources.gpus } } : {}),
    ...(config.env ? { env: config.env } : {}),
    ...(action.restore && parentTrialId ? { restore: { trialId: parentTrialId, step: action.restore.step } } : {}),
    createdAt: new Date().toISOString(),
  });
  await db.outbox.enqueue({ subject: org.assignSubject(sweep.pool), msgId: assignmentMsgId(id, 0), payload: assignment });
}

async function recordStop(
  db: Stores,
  org: OrgNames,
  sweepId: string,
  action: Extract<SearcherAction, { type: 'stop' }>,
): Promise<void> {
  const trialId = await db.trials.idByNumber(sweepId, action.trial);
  if (!trialId) return;
  await db.events.record(trialId, sweepId, 'decision', { decision: 'stop', evidence: action.evidence });
  await db.outbox.enqueue(stopRequest(org, trialId, 'early stopping decision'));
}
