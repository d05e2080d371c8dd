import { parseSweepConfig } from '@anneal/core';
import { SWEEP_TRAINERS } from '@anneal/protocol';
import { z } from 'zod';
import { authorizeUser } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { parseInput } from './validate.js';

export interface ConfigCheck {
  ok: boolean;
  problems: Array<{ path: string; message: string }>;
  warnings: Array<{ path: string; message: string }>;
  method: string | null;
}

// The same size bound GraphQL's body limit implies; a config longer than this is not a config.
const text = z.string().max(256 * 1024, 'must be at most 256 KiB');

/**
 * What createSweep would say about a config, without creating anything: editors check as
 * people type. Paths are the config's own (`parameters.lr.min`), not prefixed with `config.`.
 */
export function validateSweepConfig(viewer: Viewer | null, config: unknown): ConfigCheck {
  authorizeUser(viewer, 'validateSweepConfig');
  const parsed = parseSweepConfig(parseInput(text, config), { trainers: SWEEP_TRAINERS });
  return parsed.ok
    ? { ok: true, problems: [], warnings: parsed.warnings, method: parsed.config.method }
    : { ok: false, problems: parsed.problems, warnings: parsed.warnings ?? [], method: null };
}
