import { parseSweepConfig, type SweepConfig } from '@anneal/core';
import { SWEEP_TRAINERS } from '@anneal/protocol';
import type { Sweep } from '@anneal/db';

export class SchedulerError extends Error {
  constructor(readonly code: 'CONFIG_INVALID' | 'NOT_LEADER' | 'PROJECT_MISSING', message: string) {
    super(message);
    this.name = 'SchedulerError';
  }
}

// Parsing YAML on every tick of every sweep would dominate scheduling time; the text is immutable.
const cache = new Map<string, { text: string; config: SweepConfig }>();

/** Configs were validated at creation; failing here means the stored row was edited by hand. */
export function loadSweepConfig(sweep: Pick<Sweep, 'id' | 'configText'>): SweepConfig {
  const hit = cache.get(sweep.id);
  if (hit && hit.text === sweep.configText) return hit.config;
  const parsed = parseSweepConfig(sweep.configText, { trainers: SWEEP_TRAINERS, stored: true });
  if (!parsed.ok) {
    throw new SchedulerError('CONFIG_INVALID', `sweep ${sweep.id} has an invalid stored config: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(sweep.id, { text: sweep.configText, config: parsed.config });
  return parsed.config;
}
