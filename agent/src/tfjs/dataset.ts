import { Rng } from '@anneal/core';
import { TrainerError } from './errors.js';
import { readSource, type SourceOptions } from './sources.js';

export interface Example {
  text: string;
  /** Index into the label list; absent for language modelling. */
  label?: number;
}

export interface Splits {
  train: Example[];
  validation: Example[];
  /** Class names in index order (classification only). */
  labels: string[];
}

const MAX_REPORTED = 5;

/**
 * Reads a classification set: one JSON object per line with a non-empty `text` and a `label`
 * (string or number). Every bad line is reported with its number, up to a few.
 */
export function parseClassification(content: string, source: string): { text: string; label: string }[] {
  const out: { text: string; label: string }[] = [];
  const problems: string[] = [];
  content.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not JSON`);
      return;
    }
    const r = row as { text?: unknown; label?: unknown };
    if (typeof r.text !== 'string' || r.text.trim() === '') problems.push(`line ${i + 1}: "text" must be a non-empty string`);
    else if (typeof r.label !== 'string' && typeof r.label !== 'number') problems.push(`line ${i + 1}: "label" must be a string or a number`);
    else out.push({ text: r.text, label: String(r.label) });
  });
  if (problems.length > 0) {
    const more = problems.length > MAX_REPORTED ? ` (and ${problems.length - MAX_REPORTED} more)` : '';
    throw new TrainerError('BAD_DATASET', `${source}: ${problems.slice(0, MAX_REPORTED).join('; ')}${more}; expected lines like {"text": "...", "label": "positive"}`);
  }
  return out;
}

/** Language-modelling text: JSONL with a `text` field, or else one document per line. */
export function parseDocuments(content: string, source: string): string[] {
  const lines = content.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const docs = lines.map((l) => {
    if (!l.startsWith('{')) return l;
    try {
      const t = (JSON.parse(l) as { text?: unknown }).text;
      return typeof t === 'string' ? t : l;
    } catch {
      return l;
    }
  });
  if (docs.length === 0) throw new TrainerError('BAD_DATASET', `${source} has no text`);
  return docs;
}

/** A dataset file, or an http(s) URL of one (see sources.ts for what is refused). */
export async function readText(path: string, o: SourceOptions = {}): Promise<string> {
  const { bytes } = await readSource('dataset', path, 'BAD_DATASET', o);
  return bytes.toString('utf8');
}

/** Sorted label names, so every trial (and every restart) numbers classes the same way. */
export function labelIndex(rows: { label: string }[]): string[] {
  return [...new Set(rows.map((r) => r.label))].sort();
}

/** A seeded shuffle then cut: the same file and seed always give the same split. */
export function holdOut<T>(rows: readonly T[], share: number, seed: number): { train: T[]; validation: T[] } {
  const shuffled = shuffle(rows, Rng.fromSeed(seed));
  const n = Math.max(1, Math.round(rows.length * share));
  return { validation: shuffled.slice(0, n), train: shuffled.slice(n) };
}

export function shuffle<T>(rows: readonly T[], rng: Rng): T[] {
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.float() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
