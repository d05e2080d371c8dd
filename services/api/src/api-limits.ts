import { ApiError } from './errors.js';

/** A token bucket's shape: `perSecond` requests on average, `burst` at once; 0 turns it off. */
export interface RateLimit { perSecond: number; burst: number }

/** Limits that operators may tune (environment variables, see `apiLimitsFromEnv` and the README). */
export interface ApiLimits {
  /** Each API key (or session) has its own bucket. */
  perKey: RateLimit;
  /** Requests without a valid key share one bucket per client address. */
  perIp: RateLimit;
  /** Points one request may read across every `metrics` field (after downsampling to maxPoints). */
  maxPointsPerRequest: number;
  /** Series one request may read across every `metrics` field. */
  maxSeriesPerRequest: number;
  /** The response ceiling: a request whose answer would be larger is refused (RESPONSE_TOO_LARGE). */
  maxResponseBytes: number;
}

/**
 * Per key the defaults leave room for any script, benchmark or busy web UI (a single API process
 * serves roughly that many small queries a second anyway) while a runaway loop still cannot take
 * the whole process; requests without a key (health, sign-in) need far less.
 */
export const DEFAULT_API_LIMITS: ApiLimits = {
  perKey: { perSecond: 500, burst: 1000 },
  perIp: { perSecond: 20, burst: 40 },
  maxPointsPerRequest: 200_000,
  maxSeriesPerRequest: 2_000,
  maxResponseBytes: 16 * 1024 * 1024,
};

const ENV = {
  ANNEAL_RATE_LIMIT_KEY_PER_SECOND: (l: ApiLimits, n: number) => { l.perKey.perSecond = n; },
  ANNEAL_RATE_LIMIT_KEY_BURST: (l: ApiLimits, n: number) => { l.perKey.burst = n; },
  ANNEAL_RATE_LIMIT_IP_PER_SECOND: (l: ApiLimits, n: number) => { l.perIp.perSecond = n; },
  ANNEAL_RATE_LIMIT_IP_BURST: (l: ApiLimits, n: number) => { l.perIp.burst = n; },
  ANNEAL_MAX_POINTS_PER_REQUEST: (l: ApiLimits, n: number) => { l.maxPointsPerRequest = n; },
  ANNEAL_MAX_SERIES_PER_REQUEST: (l: ApiLimits, n: number) => { l.maxSeriesPerRequest = n; },
  ANNEAL_MAX_RESPONSE_BYTES: (l: ApiLimits, n: number) => { l.maxResponseBytes = n; },
} as const;

/** The defaults, changed by whichever of the ANNEAL_RATE_LIMIT_* / ANNEAL_MAX_* variables are set. */
export function apiLimitsFromEnv(env: Record<string, string | undefined>): ApiLimits {
  const limits: ApiLimits = structuredClone(DEFAULT_API_LIMITS);
  const problems: Array<{ path: string; message: string }> = [];
  for (const [name, set] of Object.entries(ENV)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) problems.push({ path: name, message: `must be a number ≥ 0, got ${JSON.stringify(raw)}` });
    else set(limits, n);
  }
  if (problems.length > 0) {
    throw new ApiError('BAD_CONFIG', `invalid API limits in the environment: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  }
  return limits;
}
