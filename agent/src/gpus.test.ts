import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentError } from './errors.js';
import { gpuSampleArgs, parseGpuList, parseGpuReadings, parseGpuSpec, selectGpus } from './gpus.js';

const LIST = `0, NVIDIA H100 80GB HBM3, 81559, GPU-0a1b
1, NVIDIA H100 80GB HBM3, 81559, GPU-2c3d
`;

const isCode = (code: string) => (e: unknown) => e instanceof AgentError && e.code === code;

describe('nvidia-smi parsing', () => {
  it('reads the GPU list', () => {
    assert.deepEqual(parseGpuList(LIST), [
      { index: 0, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, uuid: 'GPU-0a1b' },
      { index: 1, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559, uuid: 'GPU-2c3d' },
    ]);
    assert.deepEqual(parseGpuList('\n'), []);
    // A name with a comma in it, and a board without a memory figure.
    assert.deepEqual(parseGpuList('3, Weird, Board, [N/A], GPU-ff'), [{ index: 3, name: 'Weird, Board', memoryMiB: 0, uuid: 'GPU-ff' }]);
    assert.throws(() => parseGpuList('No devices were found, x'), /unexpected/);
  });

  it('reads samples, keeping N/A values as null', () => {
    assert.deepEqual(parseGpuReadings('0, 97, 40000\n1, [N/A], 12\n'), [
      { index: 0, utilization: 97, memoryUsedMiB: 40000 },
      { index: 1, utilization: null, memoryUsedMiB: 12 },
    ]);
    assert.deepEqual(gpuSampleArgs([0, 2]), ['--query-gpu=index,utilization.gpu,memory.used', '--format=csv,noheader,nounits', '-i', '0,2']);
  });
});

describe('--gpus', () => {
  it('parses all or a list of indices', () => {
    assert.equal(parseGpuSpec('all'), 'all');
    assert.deepEqual(parseGpuSpec('0, 2,1'), [0, 2, 1]);
    assert.throws(() => parseGpuSpec('0,x'), isCode('BAD_OPTIONS'));
    assert.throws(() => parseGpuSpec('1,1'), /twice/);
    assert.throws(() => parseGpuSpec(''), isCode('BAD_OPTIONS'));
  });

  it('resolves against the GPUs found, with clear errors', () => {
    const found = parseGpuList(LIST);
    assert.deepEqual(selectGpus('all', found).map((g) => g.index), [0, 1]);
    assert.deepEqual(selectGpus([1], found).map((g) => g.uuid), ['GPU-2c3d']);
    assert.throws(() => selectGpus('all', []), (e: unknown) => isCode('NO_GPUS')(e) && /lists no GPUs/.test((e as Error).message));
    assert.throws(() => selectGpus([0, 4], found), (e: unknown) => isCode('NO_GPUS')(e) && /no GPU 4.*lists: 0, 1/.test((e as Error).message));
  });
});
