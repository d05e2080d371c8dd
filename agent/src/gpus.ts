import { AgentError } from './errors.js';

/** One GPU as `nvidia-smi` lists it; `index` is what CUDA_VISIBLE_DEVICES takes (in PCI bus order). */
export interface GpuDevice {
  index: number;
  name: string;
  memoryMiB: number;
  uuid: string;
}

/** Which GPUs the agent was asked to use. */
export type GpuSpec = 'all' | readonly number[];

/** One reading of one GPU while a trial runs; null where the driver reports N/A. */
export interface GpuReading {
  index: number;
  utilization: number | null;
  memoryUsedMiB: number | null;
}

export const GPU_LIST_ARGS = ['--query-gpu=index,name,memory.total,uuid', '--format=csv,noheader,nounits'];

export function gpuSampleArgs(indices: readonly number[]): string[] {
  return ['--query-gpu=index,utilization.gpu,memory.used', '--format=csv,noheader,nounits', '-i', indices.join(',')];
}

/** `all` or a comma-separated list of GPU indices, as `--gpus` takes it. */
export function parseGpuSpec(text: string): GpuSpec {
  const trimmed = text.trim();
  if (trimmed === 'all') return 'all';
  const parts = trimmed.split(',').map((p) => p.trim());
  const indices: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) {
      throw new AgentError('BAD_OPTIONS', `--gpus takes 'all' or GPU indices like 0,1; '${p}' in '${text}' is not an index`);
    }
    const n = Number(p);
    if (indices.includes(n)) throw new AgentError('BAD_OPTIONS', `--gpus lists GPU ${n} twice`);
    indices.push(n);
  }
  return indices;
}

/**
 * Parses the GPU list query's output. The name sits between index and memory and, however
 * unlikely, could itself contain ", ", so it is everything between the first and the last two fields.
 */
export function parseGpuList(text: string): GpuDevice[] {
  const devices: GpuDevice[] = [];
  for (const line of dataLines(text)) {
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length < 4) throw new Error(`unexpected nvidia-smi line '${line}'`);
    const index = Number(fields[0]);
    const memoryMiB = Number(fields[fields.length - 2]);
    if (!Number.isInteger(index) || index < 0) throw new Error(`unexpected GPU index in nvidia-smi line '${line}'`);
    devices.push({
      index,
      name: fields.slice(1, -2).join(', '),
      // Some boards (e.g. integrated ones) report [N/A]; the GPU is still usable.
      memoryMiB: Number.isFinite(memoryMiB) ? memoryMiB : 0,
      uuid: fields[fields.length - 1]!,
    });
  }
  return devices;
}

/** Parses the sampling query's output; unreadable values become null rather than failing the sample. */
export function parseGpuReadings(text: string): GpuReading[] {
  const readings: GpuReading[] = [];
  for (const line of dataLines(text)) {
    const [index, util, mem] = line.split(',').map((f) => f.trim());
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0) continue;
    readings.push({ index: i, utilization: numberOrNull(util), memoryUsedMiB: numberOrNull(mem) });
  }
  return readings;
}

/** Resolves `--gpus` against what nvidia-smi found. */
export function selectGpus(spec: GpuSpec, found: readonly GpuDevice[]): GpuDevice[] {
  if (spec === 'all') {
    if (found.length === 0) throw new AgentError('NO_GPUS', '--gpus all: nvidia-smi lists no GPUs on this machine');
    return [...found].sort((a, b) => a.index - b.index);
  }
  if (spec.length === 0) throw new AgentError('BAD_OPTIONS', '--gpus lists no GPU');
  return spec.map((index) => {
    const gpu = found.find((g) => g.index === index);
    if (gpu === undefined) {
      const have = found.length === 0 ? 'none' : found.map((g) => g.index).join(', ');
      throw new AgentError('NO_GPUS', `--gpus: there is no GPU ${index} on this machine (nvidia-smi lists: ${have})`);
    }
    return gpu;
  });
}

function dataLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function numberOrNull(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
