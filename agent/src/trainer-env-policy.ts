import { looksLikeSecretName } from '@anneal/core';

/**
 * Which of the agent's environment variables a trainer inherits. Trainers are user code, and
 * what they print is read by everyone who can see the sweep, while the agent's environment holds
 * API keys, NATS credentials and database URLs. So a trainer starts from an empty environment and
 * gets what a PyTorch, Hugging Face or TensorFlow job needs on a GPU box — finding its toolchain,
 * its caches, CUDA/NCCL tuning, locale — and nothing else. The operator adds more with
 * `--trainer-env NAME`; a sweep's own settings come on top of both.
 */
const NAMES = new Set([
  // Finding programs and shared libraries; who and where the trainer is.
  'PATH', 'LD_LIBRARY_PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR', 'TZ', 'LANG', 'LANGUAGE',
  // The Python environment the agent was started in (venv, pyenv, conda is a prefix below).
  'VIRTUAL_ENV', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONHASHSEED', 'PYTHONWARNINGS', 'PYTHONIOENCODING', 'PYTHONDONTWRITEBYTECODE',
  // Where models and datasets are cached, so trials do not download them again and again.
  'TRANSFORMERS_CACHE', 'TORCH_HOME', 'XDG_CACHE_HOME', 'TOKENIZERS_PARALLELISM',
  // CPU thread counts: a box running several trials divides its cores between them.
  'OPENBLAS_NUM_THREADS', 'NUMEXPR_NUM_THREADS',
  // Certificate bundles (paths, not secrets) for downloads behind a TLS-inspecting proxy.
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE',
]);

const PREFIXES = [
  'LC_', 'CONDA_',
  // Drivers and collectives: device selection (on CPU agents, as the operator set it), NCCL's interfaces.
  'CUDA_', 'NVIDIA_', 'NCCL_', 'CUBLAS_', 'CUDNN_',
  // Framework settings: HF_HOME and the hub's offline/cache switches, allocator tuning, TF/XLA memory.
  'HF_', 'PYTORCH_', 'TORCH_', 'TF_', 'XLA_', 'OMP_', 'MKL_', 'KMP_',
];


/** The prefix of the variables the agent sets for each trial; none is ever inherited. */
export const AGENT_PREFIX = 'ANNEAL_';

export function inheritable(name: string): boolean {
  return NAMES.has(name) || PREFIXES.some((p) => name.startsWith(p));
}

/** Dropped even from the list above (HF_TOKEN is an HF_ variable); the sweep's `env` refuses the same names. */
export function looksSecret(name: string): boolean {
  return looksLikeSecretName(name);
}
