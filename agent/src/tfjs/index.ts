// The built-in trainer's pieces that the CLI and benchmarks use (`@anneal/agent/tfjs`); kept out
// of the package's main entry so an agent that runs only command trainers never loads TensorFlow.js.
export { selectBackend, type BackendName } from './backend.js';
export { classificationSet, pretrainingCorpus, LABELS, type LabelledText } from './corpus.js';
export { loadModel } from './model-io.js';
export { DEFAULT_SHAPE, pretrain, type PretrainOptions, type PretrainResult } from './pretrain.js';
export { TrainerError, type TrainerErrorCode } from './errors.js';
