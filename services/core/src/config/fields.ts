import { describe, didYouMean, joinPath, Problems } from './problems.js';

/** Small typed readers shared by the section parsers; each reports instead of throwing. */
export class Fields {
  constructor(
    readonly obj: Record<string, unknown>,
    readonly path: string,
    readonly problems: Problems,
  ) {}

  at(key: string): string {
    return joinPath(this.path, key);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  /** Errors for keys outside `allowed`: inside a section a typo silently changes behaviour. */
  onlyKeys(allowed: readonly string[], what: string): void {
    for (const key of Object.keys(this.obj)) {
      if (!allowed.includes(key)) {
        this.problems.error(this.at(key), `is not a ${what} key; allowed: ${allowed.join(', ')}${didYouMean(key, allowed)}`);
      }
    }
  }

  number(key: string, opts: { fallback?: number; integer?: boolean; min?: number; exclusiveMin?: number; max?: number; exclusiveMax?: number; why?: string } = {}): number | undefined {
    const v = this.obj[key];
    if (v === undefined) return opts.fallback;
    const kind = opts.integer ? 'an integer' : 'a number';
    const why = opts.why ? ` (${opts.why})` : '';
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isSafeInteger(v))) {
      this.problems.error(this.at(key), `must be ${kind}${why} (got ${describe(v)})`);
      return undefined;
    }
    const bad = (cond: string) => {
      this.problems.error(this.at(key), `must be ${kind} ${cond}${why} (got ${v})`);
      return undefined;
    };
    if (opts.min !== undefined && v < opts.min) return bad(`>= ${opts.min}`);
    if (opts.exclusiveMin !== undefined && v <= opts.exclusiveMin) return bad(`greater than ${opts.exclusiveMin}`);
    if (opts.max !== undefined && v > opts.max) return bad(`<= ${opts.max}`);
    if (opts.exclusiveMax !== undefined && v >= opts.exclusiveMax) return bad(`less than ${opts.exclusiveMax}`);
    return v;
  }

  string(key: string, opts: { pattern?: RegExp; patternText?: string } = {}): string | undefined {
    const v = this.obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') {
      this.problems.error(this.at(key), `must be a non-empty string (got ${describe(v)})`);
      return undefined;
    }
    if (opts.pattern && !opts.pattern.test(v)) {
      this.problems.error(this.at(key), `must use only ${opts.patternText ?? opts.pattern.source} (got ${describe(v)})`);
      return undefined;
    }
    return v;
  }

  boolean(key: string): boolean | undefined {
    const v = this.obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.problems.error(this.at(key), `must be true or false (got ${describe(v)})`);
      return undefined;
    }
    return v;
  }
}
