import type { TrainerSpec } from '@anneal/protocol';
import type { z } from 'zod';

/** The trainer backends an assignment may name (one variant of the protocol's `trainerSchema` each). */
export type TrainerType = TrainerSpec['type'];
export type TrainerOf<T extends TrainerType> = Extract<TrainerSpec, { type: T }>;

/** What a launcher may use besides the assignment's trainer. */
export interface LaunchContext {
  /** The trial's sampled hyperparameters, flat (dotted) names. */
  params: Record<string, unknown>;
  /** Where the agent was started: relative paths in a sweep mean this directory, as with `wandb agent`. */
  programDir: string;
  /** What `${interpreter}` expands to (`--interpreter`); absent: python3. */
  interpreter: string | undefined;
  /** Folders local data paths must lie in (`--data-root`, real paths); empty: anywhere. */
  dataRoots?: readonly string[];
}

/** How the trial's process starts: it runs in the trial directory with the trial's environment plus `env`. */
export interface Launch {
  argv: string[];
  env: Record<string, string>;
}

/**
 * One trainer backend on the agent's side. Every backend runs as the trial's own process, so
 * stops (SIGTERM, then SIGKILL), checkpoints, restores, log tails and crash isolation are the
 * agent's and the same for all; a launcher only says which process that is.
 */
export interface TrainerLauncher<T extends TrainerType = TrainerType> {
  readonly type: T;
  /** What the assignment carries for this backend: its schema from `@anneal/protocol`'s trainers. */
  readonly spec: z.ZodType<TrainerOf<T>>;
  launch(trainer: TrainerOf<T>, ctx: LaunchContext): Launch;
}
