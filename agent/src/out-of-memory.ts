/**
 * Recognises a trainer running out of accelerator memory from one line of its output. Such a
 * trial says nothing about how good its parameters are, only that they cannot run on this
 * hardware; the searcher learns to stay away from that region instead of scoring it badly.
 */
const OUT_OF_MEMORY_PATTERNS: readonly RegExp[] = [
  // PyTorch: "RuntimeError: CUDA out of memory. Tried to allocate ..." and "CUDA error: out of memory".
  /\bCUDA out of memory\b/i,
  /\bCUDA error: out of memory\b/i,
  // PyTorch ≥ 1.13 and 2.x raise these exception types.
  /\btorch\.(?:cuda\.)?OutOfMemoryError\b/,
  // cuBLAS could not get workspace memory for a matmul.
  /\bCUBLAS_STATUS_ALLOC_FAILED\b/,
  // TensorFlow / JAX (XLA): "ResourceExhaustedError: OOM when allocating tensor", "RESOURCE_EXHAUSTED: Out of memory".
  /\bRESOURCE_EXHAUSTED\b.*\b(?:OOM|out of memory)\b/i,
  /\bResourceExhaustedError\b.*\bOOM\b/,
  // MPS on Apple silicon.
  /\bMPS backend out of memory\b/,
  // tfjs-node-gpu reports CUDA's status; tfjs in the browser/webgl says it failed to allocate a texture.
  /\bCUDA_ERROR_OUT_OF_MEMORY\b/,
  /\bfailed to allocate\b.*\b(?:texture|GPU memory)\b/i,
];

export function isOutOfMemoryLine(line: string): boolean {
  return OUT_OF_MEMORY_PATTERNS.some((pattern) => pattern.test(line));
}
