import type { MetricPoint } from '@anneal/protocol';
import { parseLenientJson } from './lenient-json.js';

/**
 * Trainers report metrics by printing `@anneal {"loss": 0.3, "step": 7}` on stdout, a
 * checkpoint they have finished writing with `@anneal {"checkpoint": true, "step": 7}`, and
 * parameters they cannot run with at all (too big for the machine) with `@anneal {"infeasible": true}`.
 */
export const REPORT_PREFIX = '@anneal';
/** Mirrors the protocol's metric key and step bounds, so one bad field cannot reject a whole batch. */
const MAX_KEY_CHARS = 200;
const MAX_STEP = 2 ** 31 - 1;

export type ParsedLine =
  | { kind: 'log'; line: string; warning?: string }
  | { kind: 'report'; points: MetricPoint[]; warnings: string[]; checkpoint?: { step: number }; info?: Facts; infeasible?: true };

/** Facts a trainer states about its run: `@anneal {"info": {"backend": "wasm"}}`. */
export type Facts = Record<string, string | number | boolean>;

const CHECKPOINT_FIELD = 'checkpoint';
const INFO_FIELD = 'info';
const INFEASIBLE_FIELD = 'infeasible';
const RESERVED = new Set(['step', '_step', CHECKPOINT_FIELD, INFO_FIELD, INFEASIBLE_FIELD]);

/**
 * Reads one trial's stdout lines. Stateful: steps auto-increment across reports that do not
 * give one, and each ignored field is warned about once rather than on every line.
 */
export class ReportParser {
  private nextStep = 0;
  private readonly warned = new Set<string>();

  parse(line: string, now: number): ParsedLine {
    if (!isReport(line)) return { kind: 'log', line };
    const body = line.slice(REPORT_PREFIX.length).trim();
    let report: unknown;
    try {
      report = parseLenientJson(body);
    } catch (e) {
      return { kind: 'log', line, warning: `metric report is not valid JSON (${(e as Error).message}); kept as a log line` };
    }
    if (typeof report !== 'object' || report === null || Array.isArray(report)) {
      return { kind: 'log', line, warning: 'metric report is not a JSON object; kept as a log line' };
    }
    const fields = report as Record<string, unknown>;
    const explicitStep = fields['step'] ?? fields['_step'];
    if (explicitStep !== undefined && !isStep(explicitStep)) {
      return { kind: 'log', line, warning: `metric report step ${JSON.stringify(explicitStep)} is not an integer in [0, ${MAX_STEP}]; kept as a log line` };
    }
    const checkpointFlag = fields[CHECKPOINT_FIELD];
    const infeasibleFlag = fields[INFEASIBLE_FIELD];
    const hasMetrics = Object.keys(fields).some((k) => !RESERVED.has(k));
    let step: number;
    if ((checkpointFlag === true || infeasibleFlag !== undefined) && explicitStep === undefined && !hasMetrics) {
      // A bare checkpoint line saves where the trainer is: the step it reported last. A bare
      // infeasible line is no step of training at all.
      step = Math.max(0, this.nextStep - 1);
    } else {
      step = explicitStep ?? this.nextStep;
      this.nextStep = step + 1;
    }

    const points: MetricPoint[] = [];
    const warnings: string[] = [];
    if (checkpointFlag !== undefined && typeof checkpointFlag !== 'boolean') {
      warnings.push(`'${CHECKPOINT_FIELD}' must be true or false, got ${JSON.stringify(checkpointFlag).slice(0, 100)}; no checkpoint taken`);
    }
    if (infeasibleFlag !== undefined && typeof infeasibleFlag !== 'boolean') {
      warnings.push(`'${INFEASIBLE_FIELD}' must be true or false, got ${JSON.stringify(infeasibleFlag).slice(0, 100)}; the trial is not marked infeasible`);
    }
    for (const [key, value] of Object.entries(fields)) {
      if (RESERVED.has(key)) continue;
      const problem = fieldProblem(key, value);
      if (problem === null) {
        points.push({ key, step, value: value as number, t: now });
      } else if (!this.warned.has(key)) {
        this.warned.add(key);
        warnings.push(`metric field '${key.slice(0, MAX_KEY_CHARS)}' ignored: ${problem}`);
      }
    }
    const info = fields[INFO_FIELD] === undefined ? undefined : readFacts(fields[INFO_FIELD], warnings);
    return {
      kind: 'report',
      points,
      warnings,
      ...(checkpointFlag === true ? { checkpoint: { step } } : {}),
      ...(info !== undefined ? { info } : {}),
      ...(infeasibleFlag === true ? { infeasible: true as const } : {}),
    };
  }
}

function isReport(line: string): boolean {
  if (!line.startsWith(REPORT_PREFIX)) return false;
  const next = line.charAt(REPORT_PREFIX.length);
  return next === '' || next === ' ' || next === '\t' || next === '{';
}

function isStep(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_STEP;
}

function fieldProblem(key: string, value: unknown): string | null {
  if (key.length === 0 || key.length > MAX_KEY_CHARS) return `the name must be 1-${MAX_KEY_CHARS} characters`;
  if (value === null) return 'the value is null, NaN or infinite';
  if (typeof value !== 'number') return `the value is a ${Array.isArray(value) ? 'array' : typeof value}, not a number`;
  // JSON.parse reads 1e309 as Infinity, which JSON.stringify would send as null: ingest refuses that point.
  if (!Number.isFinite(value)) return `the value ${value} is not finite (out of the float64 range)`;
  return null;
}

const MAX_FACTS = 50;

function readFacts(value: unknown, warnings: string[]): Facts | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    warnings.push(`'${INFO_FIELD}' must be an object of names to strings, numbers or booleans; ignored`);
    return undefined;
  }
  const facts: Facts = {};
  for (const [k, v] of Object.entries(value).slice(0, MAX_FACTS)) {
    const ok = k.length >= 1 && k.length <= 100 && (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 1000));
    if (ok) facts[k] = v as string | number | boolean;
    else warnings.push(`info '${k.slice(0, 100)}' ignored: names are 1-100 characters, values strings (up to 1000), finite numbers or booleans`);
  }
  return Object.keys(facts).length > 0 ? facts : undefined;
}
