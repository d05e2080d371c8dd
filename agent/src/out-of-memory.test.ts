import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOutOfMemoryLine } from './out-of-memory.js';

describe('isOutOfMemoryLine', () => {
  it('recognises the out-of-memory errors of the common frameworks', () => {
    for (const line of [
      'RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 15.78 GiB total capacity)',
      'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB',
      'torch.OutOfMemoryError: CUDA out of memory.',
      'RuntimeError: CUDA error: out of memory',
      'RuntimeError: CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`',
      'jaxlib.xla_extension.XlaRuntimeError: RESOURCE_EXHAUSTED: Out of memory while trying to allocate 17179869184 bytes.',
      'RESOURCE_EXHAUSTED: OOM when allocating tensor with shape[1024,1024]',
      'tensorflow.python.framework.errors_impl.ResourceExhaustedError: OOM when allocating tensor with shape[32,512,512]',
      'RuntimeError: MPS backend out of memory (MPS allocated: 18.13 GB)',
      'Error: Invalid TF_Status: 2 Message: CUDA_ERROR_OUT_OF_MEMORY: out of memory',
      'Error: Failed to allocate texture of size 16384x16384',
    ]) {
      assert.equal(isOutOfMemoryLine(line), true, line);
    }
  });

  it('leaves ordinary lines, and host memory talk, alone', () => {
    for (const line of [
      'epoch 3 loss 0.41',
      'memory used: 12.3 GiB of 80 GiB',
      'RuntimeError: expected scalar type Float but found Half',
      'MemoryError',
      'using CUDA device 0 (out of 4)',
      '@anneal {"loss": 0.3}',
    ]) {
      assert.equal(isOutOfMemoryLine(line), false, line);
    }
  });
});
