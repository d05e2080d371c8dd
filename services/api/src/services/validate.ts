import type { z } from 'zod';
import { ApiError } from '../errors.js';

/** Validates GraphQL input once, at the boundary, reporting every problem with its path. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'input', message: i.message }));
  throw new ApiError('BAD_USER_INPUT', `invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
}
