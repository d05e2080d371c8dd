export { CoreError, isCoreError } from './errors.js';
export type { CoreErrorCode } from './errors.js';

export { Rng, createRng, isRngState, nextFloat, nextUint32 } from './rng.js';
export type { RngState } from './rng.js';

export { DISTRIBUTIONS } from './space/types.js';
export type { Dimension, DimensionKind, Distribution, Params, Space } from './space/types.js';
export { sampleDimension, sampleParams } from './space/sample.js';
export { decode, decodeDimension, encode, encodeDimension } from './space/encode.js';
export { gridPointAt, gridPoints, gridSize } from './space/grid.js';
export { isValidParams, isValidValue } from './space/validity.js';
export { flattenParams, nestParams } from './space/nest.js';
export { dimensionCardinality, dimensionValueAt, isDiscrete } from './space/dimension.js';
export { canonicalJson, sameValue } from './space/values.js';
export { normalCdf, normalQuantile } from './space/normal-cdf.js';

export { parseSweepConfig } from './config/parse.js';
export { DEFAULT_COMMAND, DEFAULT_MAX_CONCURRENT, DEFAULT_POOL, METHODS } from './config/types.js';
export { MAX_TRIAL_GPUS } from './config/resources.js';
export { looksLikeSecretName } from './config/secret-names.js';
export { TELEMETRY_LIMITS } from './config/telemetry-limits.js';
export { MAX_CONCURRENT_CEILING, MAX_GRID_POINTS } from './config/sweep-size.js';
export type { TelemetryLimits } from './config/telemetry-limits.js';
export type { BudgetConfig } from './config/budget.js';
export { costUnit, budgetLeft, type CostUnit } from './budget/cost-unit.js';
export { budgetRoom, finishedCosts, spentGpuHours, type BudgetLimit, type BudgetRoom, type BudgetUsage, type FinishedCosts, type TrialCost } from './budget/room.js';
export type {
  AshaConfig,
  CheckpointStoreConfig,
  ConfigProblem,
  EarlyTerminate,
  ForecastConfig,
  Goal,
  HyperbandConfig,
  MedianStoppingConfig,
  Method,
  MetricSpec,
  ParameterSpec,
  ParseResult,
  PbtConfig,
  ResourcesConfig,
  SweepConfig,
  WarmStartConfig,
} from './config/types.js';

export type { ParseOptions, TrainerConfig, TrainerRegistry, TrainerSpec } from './config/trainer.js';
// For trainer specs outside the core, so their problems read like the rest of a config's.
export { Fields } from './config/fields.js';
export { describe as describeValue, didYouMean, isPlainObject, joinPath, Problems } from './config/problems.js';
export { expandCommand, formatArgValue } from './command.js';
export type { CommandOptions } from './command.js';

export { initSearcher, searcherStep } from './searcher/searcher.js';
export { parseExpression } from './constraints/expression.js';
export type { Expr } from './constraints/expression.js';
export { admissibleOf, violated } from './constraints/admissible.js';
export type { MetricConstraint, ParameterConstraint, SweepConstraints } from './constraints/types.js';
export { judgeFeasibility } from './searcher/feasibility.js';
export { upgradeSearcherState } from './searcher/upgrade.js';
export { SAMPLERS } from './samplers/registry.js';
export type { SamplerStates } from './samplers/registry.js';
export type { Proposal, Sampler, SamplerContext, SamplerOptions, SearcherStateV1 } from './samplers/types.js';
export { GP_DEFAULTS } from './samplers/gp.js';
export type { GpOptions } from './samplers/gp.js';
export { TPE_DEFAULTS } from './samplers/tpe/tpe.js';
export type { TpeOptions } from './samplers/tpe/tpe.js';
export { TR_DEFAULTS } from './samplers/trust-region.js';
export type { TrustRegionOptions } from './samplers/trust-region.js';
export { better, bestTrial, reachesTarget } from './searcher/objective.js';
export type { BestTrial } from './searcher/objective.js';
export { paramsKey } from './searcher/propose.js';
export { SEARCHER_STATE_VERSION } from './searcher/types.js';
export type { GpCache, PbtChild, SamplerState, SearcherAction, SearcherEvent, SearcherState, StepResult, TrialRecord, TrialStatus, WarmTrial } from './searcher/types.js';
export { WARM_LIMIT } from './searcher/warm-start.js';
export { decideStop } from './stopping/decide.js';
export { STOPPING_RULES, STOPPING_TYPES } from './stopping/registry.js';
export type { StoppingType } from './stopping/registry.js';
export type { AshaEvidence, EvidenceFields, ForecastEvidence, HyperbandEvidence, MedianEvidence, PbtEvidence, RungEvidence, StopEvidence, StoppingRule, StopInput, StopVerdict } from './stopping/types.js';
export { forecastFinal } from './stopping/curve-fit.js';
export type { Forecast } from './stopping/curve-fit.js';
export { Sobol } from './math/sobol.js';
export { downsampleMinMax } from './math/downsample.js';
export type { SeriesPoint } from './math/downsample.js';

export { dominates, paretoFront, paretoRanks } from './pareto/dominance.js';
export { crowdingDistance, paretoOrder } from './pareto/crowding.js';
export { hypervolume, hypervolumeContributions } from './pareto/hypervolume.js';
export { paretoTrials, toMinimizeAll } from './pareto/objectives.js';
export type { ParetoTrial } from './pareto/objectives.js';
export { MAX_OBJECTIVES, primaryMetric, SYSTEM_METRICS } from './config/objectives.js';
export { MO_DEFAULTS } from './samplers/mo/propose.js';
export type { MoOptions } from './samplers/mo/propose.js';

export { AskTellSession, createAskTellSession } from './ask-tell.js';
export type { AskTellOptions, AskTellResult } from './ask-tell.js';
export { parameterImportance } from './analysis/importance.js';
export type { ParameterImportance } from './analysis/importance.js';
export { toCsv, trialsTable, type ExportTrial } from './export/trials-table.js';
export { completeValues, objectiveValuesOf } from './pareto/trial-values.js';
export type { MeasuredCost } from './pareto/trial-values.js';
