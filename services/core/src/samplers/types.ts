import type { Method, SweepConfig } from '../config/types.js';
import type { Rng, RngState } from '../rng.js';
import type { SearcherState } from '../searcher/types.js';
import type { Params } from '../space/types.js';
import type { StopEvidence } from '../stopping/types.js';
import type { GpOptions } from './gp.js';
import type { TpeOptions } from './tpe/tpe.js';
import type { TrustRegionOptions } from './trust-region.js';
import type { MoOptions } from './mo/propose.js';

/**
 * Tuning knobs of the model-based samplers. The searcher uses the readonly defaults; a caller
 * (benchmarks) may pass its own through `searcherStep(..., options)` / `AskTellSession`.
 */
export interface SamplerOptions {
  gp?: Partial<GpOptions>;
  tpe?: Partial<TpeOptions>;
  trustRegion?: Partial<TrustRegionOptions>;
  mo?: Partial<MoOptions>;
}

/** What a sampler sees when asked for a trial. */
export interface SamplerContext<S> {
  config: SweepConfig;
  /** The whole searcher state (trials, warm start), read-only. */
  state: SearcherState;
  /** This sampler's own state, `state.sampler` (see Sampler.initState). */
  own: S;
  rng: Rng;
  /** paramsKey of every trial so far (and of this request's earlier proposals). */
  taken: ReadonlySet<string>;
  options: SamplerOptions;
}

export interface Proposal<S = unknown> {
  params: Params;
  /** The sampler's new own state; absent when unchanged. */
  own?: S;
  /** Which strategy proposed it (kept on the trial record). */
  source?: string;
  /** PBT: resume from this trial's checkpoint. */
  restore?: { trial: number; step: number };
  /** Grid: the new value of `state.gridCursor` (the number of grid points handed out). */
  gridCursor?: number;
}

/** What a sampler's report hook sees (PBT's exploit step). */
export interface ReportContext<S> {
  config: SweepConfig;
  state: SearcherState;
  own: S;
  trial: number;
  step: number;
  rng: Rng;
}

/**
 * One search method. Every method registered in samplers/registry.ts goes through the same
 * dispatch, config checks, docs check and conformance tests (samplers/conformance.test.ts).
 * `S` is the sampler's own JSON state, kept in `SearcherState.sampler`.
 */
export interface Sampler<S = unknown> {
  method: Method;
  /** One line for the README's method table. */
  summary: string;
  /** Learns from results, so the config must name a metric. */
  needsMetric: boolean;
  /** Uses `warm_start` trials (the config warns otherwise). */
  usesWarmStart: boolean;
  /** Needs a finite, discrete space (the config refuses continuous parameters). */
  discreteOnly?: boolean;
  /**
   * Never repeats a trial's params while a finite space has unexplored points (grid repeats
   * only where a value list does; PBT's children copy their parent's params).
   */
  avoidsRepeats: boolean;
  /** Config keys besides method, metric and parameters that a minimal sweep of it needs (tests, docs). */
  exampleConfig?: Readonly<Record<string, unknown>>;
  /** Its state at the start of a sweep; may read (never draw from) the fresh rng's words. */
  initState(rng: RngState): S;
  /** Its state from a version-1 searcher state's fields (see searcher/upgrade.ts). */
  fromV1(v1: SearcherStateV1): S;
  /** The next trial, or undefined when it has nothing to start right now (PBT between exploits). */
  propose(ctx: SamplerContext<S>): Proposal<S> | undefined;
  /** Whether it can never propose again (grid enumerated); run_cap is the searcher's. */
  spent?(config: SweepConfig, state: SearcherState): boolean;
  /** Runs after a report the stopping rule let through: may stop the trial (PBT exploit). */
  afterReport?(ctx: ReportContext<S>): { own: S; evidence: StopEvidence } | undefined;
}

/** The per-sampler fields of a version-1 state, which lived at the top level. */
export interface SearcherStateV1 {
  version: 1;
  rng: { s: number[] };
  sobolSeed?: number;
  sobolIndex?: number;
  gp?: { logLs: number[]; logSignal: number; logNoise: number; n: number };
  pbtQueue?: { params: Params; restore: { trial: number; step: number } }[];
  [key: string]: unknown;
}
