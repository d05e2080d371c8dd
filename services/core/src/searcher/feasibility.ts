import type { SweepConfig } from '../config/types.js';
import { didYouMean, isPlainObject } from '../config/problems.js';
import { CoreError } from '../errors.js';

/**
 * What a finished event says about feasibility: the caller's verdict (`infeasible`: out of
 * memory, the trainer's `@anneal {"infeasible": true}`) or a constrained metric's final value
 * outside its bounds. A constrained metric that was never reported breaks no bound: absence
 * is no evidence of a violation.
 */
export interface Feasibility {
  infeasible: boolean;
  /** The constrained metrics' values, validated; absent when none were given. */
  constraints?: Record<string, number>;
}

function readValues(config: SweepConfig, given: unknown): Record<string, number> | undefined {
  if (given === undefined || given === null) return undefined;
  const bounds = config.constraints?.metrics ?? [];
  if (!isPlainObject(given)) {
    throw new CoreError('EVENT_INVALID', `constraints must be an object of metric name to final value, e.g. {"gpu_mem_gib": 71.5}, got ${JSON.stringify(given)}`);
  }
  const names = bounds.map((b) => b.name);
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(given)) {
    if (!names.includes(name)) {
      const known = names.length > 0 ? `the config constrains ${names.join(', ')}${didYouMean(name, names)}` : 'the config has no metric constraints';
      throw new CoreError('EVENT_INVALID', `constraints.${name} is not a constrained metric: ${known}`);
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new CoreError('EVENT_INVALID', `constraints.${name} must be a finite number, got ${JSON.stringify(v)}`);
    }
    out[name] = v + 0;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function judgeFeasibility(config: SweepConfig, infeasible: unknown, given: unknown): Feasibility {
  if (infeasible !== undefined && infeasible !== null && typeof infeasible !== 'boolean') {
    throw new CoreError('EVENT_INVALID', `infeasible must be true or false, got ${JSON.stringify(infeasible)}`);
  }
  const constraints = readValues(config, given);
  const broken = (config.constraints?.metrics ?? []).some((b) => {
    const v = constraints?.[b.name];
    return v !== undefined && ((b.min !== undefined && v < b.min) || (b.max !== undefined && v > b.max));
  });
  return { infeasible: infeasible === true || broken, ...(constraints ? { constraints } : {}) };
}
