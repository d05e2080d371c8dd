import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TfjsBackendChoice } from '@anneal/protocol';
import { TrainerError } from './errors.js';
import { tf } from './tf.js';

export type BackendName = Exclude<TfjsBackendChoice, 'auto'>;

const require = createRequire(import.meta.url);

/** The native packages are optional: they download libtensorflow when installed, which not every machine can. */
const NATIVE_PACKAGE: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

export interface BackendChoice {
  name: BackendName;
  /** What was tried before it and why it was passed over, for the trial's log. */
  skipped: string[];
}

/**
 * Picks the fastest backend this machine has: the native GPU build when a GPU is visible to
 * the trial, the native CPU build, WebAssembly, then plain JavaScript. An explicit choice that
 * is not available is an error rather than a silent slowdown.
 */
export async function selectBackend(choice: TfjsBackendChoice, gpuVisible: boolean): Promise<BackendChoice> {
  const order: BackendName[] = choice === 'auto' ? (gpuVisible ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : ['tensorflow', 'wasm', 'cpu']) : [choice];
  const skipped: string[] = [];
  for (const name of order) {
    const problem = await tryBackend(name);
    if (problem === null) return { name, skipped };
    skipped.push(`${name}: ${problem}`);
  }
  const hint = choice === 'tensorflow-gpu' || choice === 'tensorflow'
    ? `; install it beside the agent with \`npm install ${NATIVE_PACKAGE[choice]}\` (it downloads libtensorflow), or use backend: auto`
    : '';
  throw new TrainerError('NO_BACKEND', `no usable TensorFlow.js backend (${skipped.join('; ')})${hint}`);
}

async function tryBackend(name: BackendName): Promise<string | null> {
  try {
    if (name === 'tensorflow-gpu' || name === 'tensorflow') {
      // A variable specifier: the package is optional, so neither tsc nor a bundler may require it.
      const pkg: string = NATIVE_PACKAGE[name];
      await import(pkg);
      if (!(await tf.setBackend('tensorflow'))) return `${pkg} loaded but its backend did not start`;
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
      if (!(await tf.setBackend('wasm'))) return 'the WebAssembly module did not start';
    } else if (!(await tf.setBackend('cpu'))) {
      return 'the JavaScript backend did not start';
    }
    await tf.ready();
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return 'not installed';
    return (e as Error).message.split('\n')[0] ?? 'failed';
  }
}

/**
 * No TensorFlow.js backend that runs in Node trains in float16 (the native builds compute in
 * float32, WebAssembly and JavaScript too), so mixed precision is refused with a reason.
 */
export function checkMixedPrecision(requested: boolean, backend: BackendName): void {
  if (!requested) return;
  throw new TrainerError(
    'UNSUPPORTED',
    `mixed_precision is not supported by the ${backend} backend: TensorFlow.js in Node trains in float32 only; set mixed_precision: false (or remove it from the sweep)`,
  );
}
