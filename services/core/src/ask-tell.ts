import { parseSweepConfig } from './config/parse.js';
import type { ConfigProblem, SweepConfig } from './config/types.js';
import { CoreError } from './errors.js';
import { bestTrial } from './searcher/objective.js';
import { initSearcher, searcherStep } from './searcher/searcher.js';
import type { SearcherAction, SearcherEvent, SearcherState } from './searcher/types.js';

/**
 * The searcher behind a line protocol, for `anneal ask-tell` and benchmarks. One JSON object
 * per request line, one per reply; params are flat (dotted names), like the searcher's.
 *
 *   {"op":"ask","count":2}                      -> {"op":"ask","trials":[{"trial":0,"params":{...}}],"exhausted":false}
 *   {"op":"report","trial":0,"step":5,"value":0.3} -> {"op":"report","ok":true,"stop":false}
 *   {"op":"tell","trial":0,"value":0.2}         -> {"op":"tell","ok":true,"exhausted":false}
 *        ("state": "completed" (default) | "pruned" | "failed")
 *   {"op":"best"}                               -> {"op":"best","trial":0,"value":0.2,"params":{...}} (trial null if none)
 *   {"op":"state"}                              -> {"op":"state","state":{...}}
 *   anything invalid                            -> {"error":{"code":"...","message":"..."}}
 */
export class AskTellSession {
  private current: SearcherState;

  constructor(
    readonly config: SweepConfig,
    seed: number,
  ) {
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
      if (err instanceof CoreError) return { error: { code: err.code, message: err.message } };
      return { error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
    }
  }

  private step(event: SearcherEvent): SearcherAction[] {
    const out = searcherStep(this.config, this.current, event);
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
        const actions = this.step({ type: 'request', count: (r['count'] as number | undefined) ?? 1 });
        const trials = actions.flatMap((a) => (a.type === 'create' ? [{ trial: a.trial, params: a.params }] : []));
        return { op: 'ask', trials, exhausted: this.current.exhausted };
      }
      case 'report': {
        const actions = this.step({ type: 'report', trial: r['trial'] as number, step: r['step'] as number, value: r['value'] as number });
        const stop = actions.find((a) => a.type === 'stop');
        return { op: 'report', ok: true, stop: stop !== undefined, ...(stop?.type === 'stop' ? { evidence: stop.evidence } : {}) };
      }
      case 'tell': {
        const state = (r['state'] as 'completed' | 'pruned' | 'failed' | undefined) ?? 'completed';
        this.step({ type: 'finished', trial: r['trial'] as number, state, value: r['value'] as number | null | undefined });
        return { op: 'tell', ok: true, exhausted: this.current.exhausted };
      }
      case 'best': {
        const best = this.config.metric ? bestTrial(this.current, this.config.metric.goal) : undefined;
        return best ? { op: 'best', ...best } : { op: 'best', trial: null };
      }
      case 'state':
        return { op: 'state', state: this.current };
      default:
        throw new CoreError('EVENT_INVALID', `unknown op ${JSON.stringify(r['op'])}; use ask, report, tell, best or state`);
    }
  }
}

export type AskTellResult = { ok: true; session: AskTellSession; warnings: ConfigProblem[] } | { ok: false; problems: ConfigProblem[] };

export function createAskTellSession(config: string | unknown, seed: number): AskTellResult {
  const parsed = parseSweepConfig(config);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  return { ok: true, session: new AskTellSession(parsed.config, seed), warnings: parsed.warnings };
}
