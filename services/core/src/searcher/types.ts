import type { RngState } from '../rng.js';
import type { Params } from '../space/types.js';
import type { StopEvidence } from '../stopping/types.js';
import type { SamplerStates } from '../samplers/registry.js';
import type { FixedTransform } from '../gp/output-transform.js';

export type TrialStatus = 'pending' | 'completed' | 'pruned' | 'failed';

/**
 * What the searcher remembers about a trial. Samplers and stopping rules read this, so it
 * holds everything they need and nothing else (metrics history lives in Postgres).
 */
export interface TrialRecord {
  params: Params;
  status: TrialStatus;
  /** Final value when finished; the latest report while pending. */
  value?: number;
  /** Multi-objective sweeps: the final value of each objective, in the config's order and units (completed and pruned trials). */
  values?: number[];
  /** [step, value] sorted by step, one entry per step (a re-report replaces the value). */
  reports?: [number, number][];
  /** Which strategy proposed the trial (e.g. `sobol`, `gp`, `gp-local`, `tpe`), for adaptive portfolios and for users. */
  source?: string;
  /**
   * How many other trials were running when this one was proposed (absent when none): the
   * trust region counts a batch of parallel proposals as one round (samplers/trust-region).
   */
  concurrent?: number;
  /** Set for trials started from another trial's checkpoint (PBT). */
  restore?: { trial: number; step: number };
  /** Latest step with a checkpoint (reports flagged `checkpoint`): where PBT children resume. */
  checkpoint?: number;
  /** PBT sweeps: every step with a checkpoint, ascending; a child of a completed trial resumes from one of them. */
  checkpoints?: number[];
  /** What it cost, in its sweep's budget unit (budget/cost-unit.ts), once finished; for cost-aware search. */
  cost?: number;
  /**
   * The trial showed its params do not work (out of memory, the trainer's own word) or its
   * final metrics broke a metric constraint: the models learn to avoid its region, and it is
   * never the best trial. Its value, if any, is kept for users.
   */
  infeasible?: true;
  /** Final values of the constrained metrics, as the finished event gave them. */
  constraints?: Record<string, number>;
}

/** A PBT child waiting for a free slot: explored params, resumed from the parent's checkpoint. */
export interface PbtChild {
  params: Params;
  restore: { trial: number; step: number };
}

/** The searcher state's version; `upgradeSearcherState` reads older ones. */
export const SEARCHER_STATE_VERSION = 2;

export interface SearcherState {
  /** Bumped when the shape changes, so persisted states can be migrated (searcher/upgrade.ts). */
  version: 2;
  rng: RngState;
  nextTrial: number;
  gridCursor: number;
  exhausted: boolean;
  /** Keyed by trial number (JSON object keys, hence strings once serialized). */
  trials: Record<number, TrialRecord>;
  /** Prior trials from a warm start (another sweep over a compatible space). */
  warm?: WarmTrial[];
  /**
   * The method's sampler's own state, typed by the sampler (`SamplerStates[method]` in
   * samplers/registry.ts): e.g. the Sobol seed and index, the last GP fit, PBT's queue.
   */
  sampler: SamplerState;
}

/** Any method's sampler state (narrow with the config's method). */
export type SamplerState = SamplerStates[keyof SamplerStates];

export interface GpCache {
  logLs: number[];
  logSignal: number;
  logNoise: number;
  /** Observations the fit saw; a full refit is due once the history has grown enough. */
  n: number;
  /** The map of the outputs this fit was made on (`transform: 'auto'` chooses it per fit). */
  transform?: FixedTransform;
}

/**
 * A prior trial from a warm start: `value` in a single-objective sweep, `values` (one per
 * objective, in the config's order and units) in a multi-objective one; never both.
 */
export interface WarmTrial {
  params: Params;
  value?: number;
  values?: number[];
}

export type SearcherEvent =
  /** The scheduler has this many free slots; the searcher also keeps within max_concurrent. */
  | { type: 'request'; count: number }
  /** An intermediate metric value, for early stopping. */
  | { type: 'report'; trial: number; step: number; value: number; checkpoint?: boolean }
  | {
      type: 'finished';
      trial: number;
      state: 'completed' | 'pruned' | 'failed';
      value?: number | null;
      /** One per objective, in the config's order, for multi-objective sweeps (`value` otherwise). */
      values?: number[] | null;
      /** The params cannot run (e.g. CUDA out of memory, or `@anneal {"infeasible": true}`), whatever the state. */
      infeasible?: boolean;
      /** Final values of the metrics named in the config's metric constraints (searcher/feasibility.ts). */
      constraints?: Record<string, number>;
      /** What the trial cost in the budget's unit (`costUnit(config)`): GPU-hours or hours. */
      cost?: number | null;
    }
  /**
   * Finished trials of an earlier sweep (warm_start), loaded by the caller; replaces any earlier
   * seed. Multi-objective sweeps give each trial `values` in the config's objective order.
   */
  | { type: 'warm_start'; trials: WarmTrial[] };

export type SearcherAction =
  | { type: 'create'; trial: number; params: Params; restore?: { trial: number; step: number } }
  | { type: 'stop'; trial: number; evidence: StopEvidence }
  /** No more trials will ever be created; emitted once. `reason` when that is not the cap, the grid or the target (e.g. unsatisfiable constraints). */
  | { type: 'exhausted'; reason?: string };

export interface StepResult {
  state: SearcherState;
  actions: SearcherAction[];
}
