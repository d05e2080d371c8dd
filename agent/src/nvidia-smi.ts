import { execFile } from 'node:child_process';
import { AgentError } from './errors.js';
import { GPU_LIST_ARGS, gpuSampleArgs, parseGpuList, parseGpuReadings, type GpuDevice, type GpuReading } from './gpus.js';

/** A wedged driver can make nvidia-smi hang; no answer in this long counts as a failure. */
const TIMEOUT_MS = 15_000;

function run(smi: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(smi, args, { timeout: TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (err === null) return resolve(stdout);
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT') return reject(new AgentError('NVIDIA_SMI_FAILED', `'${smi}' was not found: --gpus needs the NVIDIA driver's nvidia-smi on PATH`));
      if (e.killed === true) return reject(new AgentError('NVIDIA_SMI_FAILED', `'${smi}' gave no answer within ${TIMEOUT_MS / 1000} s`));
      // nvidia-smi prints its reason ("couldn't communicate with the NVIDIA driver") on stdout.
      const why = `${stdout}\n${stderr}`.trim().split('\n')[0] || e.message;
      reject(new AgentError('NVIDIA_SMI_FAILED', `'${smi} ${args.join(' ')}' failed: ${why}`, { cause: err }));
    });
  });
}

export async function listGpus(smi: string): Promise<GpuDevice[]> {
  let out: string;
  try {
    out = await run(smi, GPU_LIST_ARGS);
  } catch (e) {
    // A machine with a driver but no GPU: nvidia-smi says so and exits 6. That is an answer, not a failure.
    if (e instanceof AgentError && /No devices were found/i.test(e.message)) return [];
    throw e;
  }
  try {
    return parseGpuList(out);
  } catch (e) {
    throw new AgentError('NVIDIA_SMI_FAILED', `cannot read the GPU list from '${smi}': ${(e as Error).message}`, { cause: e });
  }
}

export async function readGpus(smi: string, indices: readonly number[]): Promise<GpuReading[]> {
  return parseGpuReadings(await run(smi, gpuSampleArgs(indices)));
}
