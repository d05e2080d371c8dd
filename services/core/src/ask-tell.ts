import { parseSweepConfig } from './config/parse.js';
import type { ParseOptions } from './config/trainer.js';
import type { ConfigProblem, SweepConfig } from './config/types.js';
import { CoreError } from './errors.js';
import type { SamplerOptions } from './samplers/types.js';
import { bestTrial } from './searcher/objective.js';
import { paretoTrials } from './pareto/objectives.js';
import { initSearcher, searcherStep } from './searcher/searcher.js';
import type { SearcherAction, SearcherEvent, SearcherState } from './searcher/types.js';
import { onWarmStart } from './searcher/warm-start.js';

/**
 * The searcher behind a line protocol, for `anneal ask-tell` and benchmarks. One JSON object
 * per request line, one per reply; params are flat (dotted names), like the searcher's.
 *
 *   {"op":"ask"}                                   -> {"trial":0,"params":{...}}
 *                                                     (+ "restore":{"trial":T,"step":S} for PBT)
 *                                                     or {"done":true} (+ "reason" when the
 *                                                     parameter constraints left nothing to propose)
 *   {"op":"report","trial":0,"step":5,"value":0.3} -> {"decision":"continue"}
 *        (optional "checkpoint":true)              or {"decision":"stop","evidence":{...}}
 *   {"op":"tell","trial":0,"value":0.2}            -> {"ok":true}
 *   {"op":"tell","trial":1,"state":"pruned"}       -> {"ok":true}   (state: completed, pruned, failed)
 *   {"op":"tell","trial":2,"value":0.3,"cost":1.5} -> {"ok":true}   (cost in the budget's unit: GPU-hours
 *                                                     with budget.gpu_hours, else hours; steers the GP)
 *   {"op":"tell","trial":2,"state":"failed","infeasible":true}          -> {"ok":true}
 *        the params cannot run (out of memory): the models learn to avoid that region
 *   {"op":"tell","trial":3,"value":0.2,"constraints":{"gpu_mem_gib":71.5}} -> {"ok":true}
 *        final values of the config's metric constraints; one outside its bounds makes the
 *        trial infeasible (its value stays, but it is never the best). "infeasible" must be
 *        a boolean, and "constraints" an object of the constrained metrics' finite values.
 *   {"op":"tell","trial":0,"values":[0.2,1.5]}     -> {"ok":true}   (multi-objective sweeps: one value per
 *                                                     objective, in the config's metrics order)
 *   {"op":"warm_start","trials":[{"params":{...},"value":V},...]} -> {"ok":true,"accepted":N,"rejected":M}
 *        multi-objective sweeps: "values":[V1,V2,...] per trial, in the config's metrics order;
 *        trials whose params do not fit the space are rejected (counted), malformed values refused
 *   {"op":"best"}                                  -> {"trial":0,"value":0.2,"params":{...}} ({"trial":null} if none)
 *                                                     multi-objective: {"front":[{"trial":0,"values":[...],"params":{...}},...]}
 *   {"op":"state"}                                 -> {"state":{...}}
 *   anything invalid                               -> {"error":"...","code":"..."}
 *
 * The caller runs trials itself, so max_concurrent does not apply: several asks may come
 * before their tells, and each gets a trial.
 */
export class AskTellSession {
  private current: SearcherState;
  private readonly stepConfig: SweepConfig;

  constructor(
    readonly config: SweepConfig,
    seed: number,
    /** Sampler tuning (benchmarks); the defaults when omitted. */
    private readonly samplerOptions: SamplerOptions = {},
  ) {
    this.stepConfig = { ...config, maxConcurrent: Number.MAX_SAFE_INTEGER };
    this.current = initSearcher(config, seed);
  }

  state(): SearcherState {
    return this.current;
  }

  /** Never throws: a bad line gets an error reply and the session carries on. */
  handle(line: string): Record<string, unknown> {
    try {
      let request: unknown;
      try {
        request = JSON.parse(line);
      } catch {
        throw new CoreError('EVENT_INVALID', 'not a JSON object');
      }
      return this.dispatch(request);
    } catch (err) {
      if (err instanceof CoreError) return { error: err.message, code: err.code };
      return { error: err instanceof Error ? err.message : String(err), code: 'INTERNAL' };
    }
  }

  private step(event: SearcherEvent): SearcherAction[] {
    const out = searcherStep(this.stepConfig, this.current, event, this.samplerOptions);
    this.current = out.state;
    return out.actions;
  }

  private dispatch(request: unknown): Record<string, unknown> {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      throw new CoreError('EVENT_INVALID', 'each line must be a JSON object with an "op"');
    }
    const r = request as Record<string, unknown>;
    switch (r['op']) {
      case 'ask': {
        const actions = this.step({ type: 'request', count: 1 });
        const created = actions.find((a) => a.type === 'create');
        if (created?.type !== 'create') {
          const end = actions.find((a) => a.type === 'exhausted');
          return { done: true, ...(end?.type === 'exhausted' && end.reason ? { reason: end.reason } : {}) };
        }
        return { trial: created.trial, params: created.params, ...(created.restore ? { restore: created.restore } : {}) };
      }
      case 'report': {
        const event: SearcherEvent = { type: 'report', trial: r['trial'] as number, step: r['step'] as number, value: r['value'] as number };
        if (r['checkpoint'] === true) event.checkpoint = true;
        const stop = this.step(event).find((a) => a.type === 'stop');
        return stop?.type === 'stop' ? { decision: 'stop', evidence: stop.evidence } : { decision: 'continue' };
      }
      case 'tell': {
        const state = r['state'] ?? 'completed';
        const event: SearcherEvent = { type: 'finished', trial: r['trial'] as number, state: state as 'completed', value: r['value'] as number | null | undefined };
        // Checked by the searcher (searcher/feasibility.ts), which replies with what to fix.
        if (r['infeasible'] !== undefined) event.infeasible = r['infeasible'] as boolean;
        if (r['constraints'] !== undefined) event.constraints = r['constraints'] as Record<string, number>;
        if (r['cost'] !== undefined) event.cost = r['cost'] as number;
        if (r['values'] !== undefined) event.values = r['values'] as number[];
        else if (this.config.objectives && state === 'completed') {
          throw new CoreError('EVENT_INVALID', `this sweep has ${this.config.objectives.length} objectives (${this.config.objectives.map((o) => o.name).join(', ')}): tell them as "values":[...] in that order`);
        }
        this.step(event);
        return { ok: true };
      }
      case 'warm_start': {
        const out = onWarmStart(this.stepConfig, this.current, r['trials']);
        this.current = out.result.state;
        return { ok: true, accepted: out.accepted, rejected: out.rejected };
      }
      case 'best': {
        if (this.config.objectives) {
          return { front: paretoTrials(this.current, this.config.objectives, true).map(({ trial, values, params }) => ({ trial, values, params })) };
        }
        const best = this.config.metric ? bestTrial(this.current, this.config.metric.goal) : undefined;
        return best ? { ...best } : { trial: null };
      }
      case 'state':
        return { state: this.current };
      default:
        throw new CoreError('EVENT_INVALID', `unknown op ${JSON.stringify(r['op'])}; use ask, report, tell, warm_start, best or state`);
    }
  }
}

export type AskTellResult = { ok: true; session: AskTellSession; warnings: ConfigProblem[] } | { ok: false; problems: ConfigProblem[] };

export interface AskTellOptions extends ParseOptions {
  /** Sampler tuning for benchmarks (see SamplerOptions); the searcher's defaults otherwise. */
  samplerOptions?: SamplerOptions;
}

export function createAskTellSession(config: string | unknown, seed: number, options: AskTellOptions = {}): AskTellResult {
  const { samplerOptions, ...parseOptions } = options;
  const parsed = parseSweepConfig(config, parseOptions);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  return { ok: true, session: new AskTellSession(parsed.config, seed, samplerOptions), warnings: parsed.warnings };
}
