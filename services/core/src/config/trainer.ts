import type { Space } from '../space/types.js';
import { describe, isPlainObject, joinPath, type Problems } from './problems.js';

/** What a parsed `trainer:` block becomes: plain JSON, discriminated by `type`. */
export interface TrainerConfig {
  readonly type: string;
}

/**
 * A trainer type that a sweep config may name in `trainer: {type: ...}`. The core knows none of
 * them: the specs live with the protocol (`@anneal/protocol`'s trainers) and reach the parser as
 * `parseSweepConfig(input, { trainers })`, so the optimization core carries no trainer's
 * vocabulary while a sweep is still checked against it when it is created (a typo in a
 * hyperparameter name fails there, not hours later on an agent).
 */
export interface TrainerSpec<T extends TrainerConfig = TrainerConfig> {
  readonly type: T['type'];
  /** Said after the type where the parser lists the types it accepts: "tfjs (the built-in trainer)". */
  readonly description: string;
  /** The hyperparameters this trainer accepts; every dimension of the search space must be one. */
  readonly hyperparameters: readonly string[];
  /**
   * Checks one hyperparameter value (a search-space value, or a fixed one of the block): null
   * when it is fine, else what is wrong, worded to follow the parameter's path. Unknown names
   * must give a problem too.
   */
  parameterProblem(name: string, value: unknown): string | null;
  /**
   * Reads the whole `trainer:` block (its `type` already matched): every problem goes into
   * `problems` with its path under `trainer`, and the typed value comes back when there was none.
   * The search space is checked by the parser, with `hyperparameters` and `parameterProblem`.
   */
  parse(block: Record<string, unknown>, problems: Problems): T | undefined;
}

/** Trainer specs by type, as the sweep-config parser takes them. */
export type TrainerRegistry = Readonly<Record<string, TrainerSpec>>;

export interface ParseOptions {
  /** The trainer types `trainer:` may name; none by default, so a `trainer:` block is refused. */
  trainers?: TrainerRegistry;
  /**
   * Re-reading a config that was admitted earlier (the scheduler reads stored sweeps on each
   * tick): admission rules added since only warn, so an upgrade never strands a running sweep.
   */
  stored?: boolean;
}

function refuseType(value: unknown, trainers: TrainerRegistry, problems: Problems): void {
  const specs = Object.values(trainers);
  const named = specs.map((s) => `${s.type} (${s.description})`);
  const allowed = named.length === 0
    ? 'a trainer type, but this parser was given none'
    : named.length === 1 ? named[0]! : `one of ${named.join(', ')}`;
  const type = isPlainObject(value) ? value['type'] : undefined;
  problems.error(
    isPlainObject(value) ? 'trainer.type' : 'trainer',
    `must be ${allowed}; to run your own program use program: and command: instead (got ${describe(type ?? value)})`,
  );
}

/** Parses `trainer:` with the spec its type names, and checks the search space against that trainer. */
export function parseTrainer(value: unknown, space: Space, trainers: TrainerRegistry, problems: Problems): TrainerConfig | undefined {
  const type = isPlainObject(value) ? value['type'] : undefined;
  const spec = typeof type === 'string' && Object.hasOwn(trainers, type) ? trainers[type] : undefined;
  if (spec === undefined || !isPlainObject(value)) {
    refuseType(value, trainers, problems);
    return undefined;
  }
  const errorsBefore = problems.count;
  const parsed = spec.parse(value, problems);
  for (const dim of space) {
    const path = joinPath('parameters', dim.name);
    if (!spec.hyperparameters.includes(dim.name)) {
      problems.error(path, spec.parameterProblem(dim.name, undefined) ?? `is not a hyperparameter of the ${spec.type} trainer`);
      continue;
    }
    for (const v of dim.values ?? []) {
      const problem = spec.parameterProblem(dim.name, v);
      if (problem !== null) problems.error(path, `value ${describe(v)}: ${problem}`);
    }
  }
  return problems.count > errorsBefore ? undefined : parsed;
}
