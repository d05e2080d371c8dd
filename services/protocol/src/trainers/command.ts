import { z } from 'zod';

/**
 * A program of the user's: what an assignment carries for it. Sweeps get it from `command:` and
 * `program:` (W&B's keys), not from `trainer:`, so it has no spec for the sweep-config parser.
 */
export const commandTrainerSchema = z.object({
  type: z.literal('command'),
  /** The sweep's command template (W&B macros unexpanded: the agent knows its interpreter). */
  command: z.array(z.string()).min(1),
  program: z.string().optional(),
});
