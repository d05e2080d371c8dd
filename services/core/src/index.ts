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

export {
  parseTfjsTrainer, resolveTfjsHyperparameters, tfjsParameterProblem,
  TFJS_BACKENDS, TFJS_DEFAULTS, TFJS_OPTIMIZERS, TFJS_PARAMETERS, TFJS_SCHEDULES, TFJS_TASKS,
} from './config/tfjs-trainer.js';
export type { TfjsBackendChoice, TfjsHyperparameters, TfjsTask, TfjsTrainerSpec } from './config/tfjs-trainer.js';
export { expandCommand, formatArgValue } from './command.js';
export type { CommandOptions } from './command.js';

export { initSearcher, searcherStep } from './searcher/searcher.js';
export { better, bestTrial, reachesTarget } from './searcher/objective.js';
export type { BestTrial } from './searcher/objective.js';
export { paramsKey } from './searcher/propose.js';
export type { GpCache, PbtChild, SearcherAction, SearcherEvent, SearcherState, StepResult, TrialRecord, TrialStatus, WarmTrial } from './searcher/types.js';
export { WARM_LIMIT } from './searcher/warm-start.js';
export { decideStop } from './stopping/decide.js';
export type { StopVerdict } from './stopping/types.js';
export { forecastFinal } from './stopping/curve-fit.js';
export type { Forecast } from './stopping/curve-fit.js';
export { Sobol } from './math/sobol.js';

export { AskTellSession, createAskTellSession } from './ask-tell.js';
export type { AskTellResult } from './ask-tell.js';
