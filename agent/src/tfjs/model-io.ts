import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TrainerError } from './errors.js';
import { readSource, type SourceLocation, type SourceOptions } from './sources.js';
import type { TransformerConfig, Weights } from './model.js';
import { tf, type Tensor } from './tf.js';
import { Tokenizer } from './tokenizer.js';

export const MODEL_FORMAT = 'anneal-transformer';
const FORMAT_VERSION = 1;

/** What model.json holds besides the weights: enough to rebuild and reuse the model. */
export interface ModelMeta {
  config: TransformerConfig;
  /** Labels of the classification head, when the model has one. */
  labels?: string[];
  /** Free-form provenance (corpus, steps, final loss) shown to whoever loads it. */
  trainedOn?: Record<string, unknown>;
}

export interface LoadedModel extends ModelMeta {
  tokenizer: Tokenizer;
  tensors: Record<string, Tensor>;
  /** Extra named tensors stored beside the model (optimizer slots in a checkpoint). */
  extra: Record<string, Tensor>;
}

interface ModelJson {
  format: string;
  formatVersion: number;
  config: TransformerConfig;
  labels?: string[];
  trainedOn?: Record<string, unknown>;
  tokenizer: string;
  /** TensorFlow.js' weights manifest: loadable by tf.io tooling as well as by us. */
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/**
 * Writes model.json, weights.bin and tokenizer.json into `dir`. Every file is written under a
 * temporary name and renamed, so a reader (the agent packing a checkpoint) never sees half a file.
 */
export async function saveModel(dir: string, meta: ModelMeta, weights: Weights, tokenizer: Tokenizer, extra: Record<string, Tensor> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const named: tf.NamedTensorMap = {};
  for (const [name, v] of weights) named[name] = v;
  for (const [name, t] of Object.entries(extra)) named[`extra:${name}`] = t;
  const { data, specs } = await tf.io.encodeWeights(named);
  const json: ModelJson = {
    format: MODEL_FORMAT,
    formatVersion: FORMAT_VERSION,
    config: meta.config,
    ...(meta.labels ? { labels: meta.labels } : {}),
    ...(meta.trainedOn ? { trainedOn: meta.trainedOn } : {}),
    tokenizer: 'tokenizer.json',
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
  };
  await atomicWrite(join(dir, 'weights.bin'), new Uint8Array(data));
  await atomicWrite(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer.toJson()));
  // Last, so a directory with model.json is always complete.
  await atomicWrite(join(dir, 'model.json'), JSON.stringify(json, null, 1));
}

/**
 * Loads model.json from a path or an http(s) URL; the weights and tokenizer files it names are
 * read from beside it, and must be plain names there (a model.json from a server must not make
 * the agent read its disk or another host).
 */
export async function loadModel(location: string, o: SourceOptions = {}): Promise<LoadedModel> {
  const main = await readSource('model', location, 'BAD_MODEL', o);
  const json = parseModelJson(new TextDecoder().decode(main.bytes), location);
  const manifest = json.weightsManifest[0]!;
  const weightsFile = await readSource('model weights', besideModel(main.from, manifest.paths[0]!, location), 'BAD_MODEL', o);
  const buffer = weightsFile.bytes.buffer.slice(weightsFile.bytes.byteOffset, weightsFile.bytes.byteOffset + weightsFile.bytes.byteLength) as ArrayBuffer;
  let decoded: tf.NamedTensorMap;
  try {
    decoded = tf.io.decodeWeights(buffer, manifest.weights);
  } catch (e) {
    throw new TrainerError('BAD_MODEL', `${location}: weights do not match the manifest (${(e as Error).message})`, { cause: e });
  }
  const tokenizerFile = await readSource('model tokenizer', besideModel(main.from, json.tokenizer, location), 'BAD_MODEL', o);
  const tokenizer = Tokenizer.fromJson(JSON.parse(new TextDecoder().decode(tokenizerFile.bytes)));
  if (tokenizer.size !== json.config.vocabSize) {
    throw new TrainerError('BAD_MODEL', `${location}: the tokenizer has ${tokenizer.size} words but the model expects ${json.config.vocabSize}`);
  }
  const tensors: Record<string, Tensor> = {};
  const extra: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(decoded)) {
    if (name.startsWith('extra:')) extra[name.slice('extra:'.length)] = t;
    else tensors[name] = t;
  }
  return {
    config: json.config,
    ...(json.labels ? { labels: json.labels } : {}),
    ...(json.trainedOn ? { trainedOn: json.trainedOn } : {}),
    tokenizer,
    tensors,
    extra,
  };
}

function parseModelJson(text: string, location: string): ModelJson {
  let json: Partial<ModelJson>;
  try {
    json = JSON.parse(text) as Partial<ModelJson>;
  } catch (e) {
    throw new TrainerError('BAD_MODEL', `${location} is not JSON: ${(e as Error).message}`);
  }
  if (json.format !== MODEL_FORMAT) {
    throw new TrainerError('BAD_MODEL', `${location} is not an Anneal transformer (format ${JSON.stringify(json.format)}); make one with \`anneal pretrain\``);
  }
  if (json.formatVersion !== FORMAT_VERSION) throw new TrainerError('BAD_MODEL', `${location} has format version ${json.formatVersion}; this agent reads version ${FORMAT_VERSION}`);
  const c = json.config;
  const ints = ['vocabSize', 'maxLength', 'dModel', 'layers', 'heads', 'ffDim'] as const;
  if (!c || !ints.every((k) => Number.isInteger(c[k]) && c[k] > 0) || c.dModel % c.heads !== 0) {
    throw new TrainerError('BAD_MODEL', `${location}: config must give positive integers ${ints.join(', ')} with dModel divisible by heads`);
  }
  if (!Array.isArray(json.weightsManifest) || json.weightsManifest.length !== 1 || typeof json.weightsManifest[0]?.paths?.[0] !== 'string' || typeof json.tokenizer !== 'string') {
    throw new TrainerError('BAD_MODEL', `${location}: expected one weightsManifest group and a tokenizer file name`);
  }
  return json as ModelJson;
}

/** A file model.json names, as a URL or path beside it; names with a scheme, a leading / or .. are refused. */
function besideModel(model: SourceLocation, name: string, location: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(name) || /^[/\\]/.test(name) || name.split(/[/\\]/).includes('..')) {
    throw new TrainerError('BAD_MODEL', `${location} names the file ${JSON.stringify(name)}; the files of a model must be named relative to model.json, inside its folder`);
  }
  return 'url' in model ? new URL(name, model.url).href : join(dirname(model.path), name);
}

async function atomicWrite(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
