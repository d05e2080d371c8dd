// Starting points for the new-sweep editor. Each is a complete, valid config (the e2e test
// checks every one against the API); people change the program and the parameters.

export interface SweepTemplate {
  id: string;
  label: string;
  yaml: string;
}

const PROGRAM = `program: train.py
command: ["\${env}", "\${interpreter}", "\${program}", "\${args}"]`;

export const SWEEP_TEMPLATES: readonly SweepTemplate[] = [
  {
    id: 'random',
    label: 'Random search',
    yaml: `name: random-search
method: random
metric: {name: val_loss, goal: minimize}
run_cap: 20
max_concurrent: 4
${PROGRAM}
parameters:
  learning_rate: {distribution: log_uniform_values, min: 0.00001, max: 0.01}
  batch_size: {values: [16, 32, 64]}
`,
  },
  {
    id: 'bayes-asha',
    label: 'Bayes with ASHA',
    yaml: `name: bayes-asha
method: bayes
metric: {name: val_loss, goal: minimize}
run_cap: 40
max_concurrent: 4
early_terminate: {type: asha, min_iter: 1, eta: 3}
${PROGRAM}
parameters:
  learning_rate: {distribution: log_uniform_values, min: 0.00001, max: 0.01}
  weight_decay: {distribution: log_uniform_values, min: 0.000001, max: 0.1}
  warmup_ratio: {min: 0.0, max: 0.2}
`,
  },
  {
    id: 'bayes-forecast',
    label: 'Bayes with forecast stopping',
    yaml: `name: bayes-forecast
method: bayes
metric: {name: val_loss, goal: minimize}
run_cap: 40
max_concurrent: 4
# Stops a trial once its extrapolated curve cannot beat the best finished one.
early_terminate: {type: forecast, min_iter: 3}
${PROGRAM}
parameters:
  learning_rate: {distribution: log_uniform_values, min: 0.00001, max: 0.01}
  lora_r: {values: [4, 8, 16, 32]}
  lora_dropout: {min: 0.0, max: 0.3}
`,
  },
  {
    id: 'pbt',
    label: 'Population-based training',
    yaml: `name: pbt
method: pbt
metric: {name: val_loss, goal: minimize}
run_cap: 32
max_concurrent: 8
pbt: {population_size: 8, interval: 2, quantile: 0.25, perturb: 0.2, resample_probability: 0.25}
${PROGRAM}
parameters:
  learning_rate: {distribution: log_uniform_values, min: 0.0001, max: 0.01}
  momentum: {min: 0.8, max: 0.99}
`,
  },
  {
    id: 'tfjs',
    label: 'Built-in trainer (tfjs)',
    yaml: `name: tfjs-classifier
method: bayes
metric: {name: val/accuracy, goal: maximize}
run_cap: 8
max_concurrent: 2
early_terminate: {type: forecast}
trainer:
  type: tfjs
  task: classification
  model: ~/.anneal/models/base/model.json
  dataset: reviews.jsonl
  hyperparameters: {epochs: 3}
parameters:
  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.005}
  dropout: {min: 0.0, max: 0.3}
`,
  },
];
