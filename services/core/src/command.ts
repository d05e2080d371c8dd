import type { SweepConfig } from './config/types.js';
import { DEFAULT_COMMAND } from './config/types.js';
import type { Params } from './space/types.js';

export interface CommandOptions {
  /**
   * Defaults to `python3`, not W&B's `python`: on current Debian/Ubuntu images and GPU base
   * images `python` is often absent from PATH while `python3` is always there.
   */
  interpreter?: string;
  /** Defaults to ['/usr/bin/env'], like W&B's ${env}. */
  env?: string[];
}

/** One argv element per value: JSON spelling for structure, raw text for strings. */
export function formatArgValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === undefined) return 'null';
  return JSON.stringify(value) ?? 'null';
}

/** Params in space order first, so argv is stable however the params object was built. */
function orderedEntries(config: SweepConfig, params: Params): [string, unknown][] {
  const seen = new Set<string>();
  const out: [string, unknown][] = [];
  for (const dim of config.space) {
    if (dim.name in params) {
      out.push([dim.name, params[dim.name]]);
      seen.add(dim.name);
    }
  }
  for (const [k, v] of Object.entries(params)) if (!seen.has(k)) out.push([k, v]);
  return out;
}

/**
 * The trainer's argv from the sweep's `command` (W&B macros). Params are flat: nested
 * parameters appear under their dotted names, as W&B's nested-cli example expects.
 */
export function expandCommand(config: SweepConfig, params: Params, opts: CommandOptions = {}): string[] {
  const entries = orderedEntries(config, params);
  const interpreter = opts.interpreter ?? 'python3';
  const json = JSON.stringify(Object.fromEntries(entries));
  const lists: Record<string, () => string[]> = {
    '${env}': () => [...(opts.env ?? ['/usr/bin/env'])],
    '${interpreter}': () => (interpreter === '' ? [] : [interpreter]),
    '${program}': () => (config.program ? [config.program] : []),
    '${args}': () => entries.map(([k, v]) => `--${k}=${formatArgValue(v)}`),
    '${args_no_hyphens}': () => entries.map(([k, v]) => `${k}=${formatArgValue(v)}`),
    '${args_no_equals}': () => entries.flatMap(([k, v]) => [`--${k}`, formatArgValue(v)]),
    // W&B's boolean-flag style: --flag when true, nothing when false.
    '${args_no_boolean_flags}': () =>
      entries.flatMap(([k, v]) => (typeof v === 'boolean' ? (v ? [`--${k}`] : []) : [`--${k}=${formatArgValue(v)}`])),
    '${args_json}': () => [json],
  };
  const inline: Record<string, string> = {
    '${program}': config.program ?? '',
    '${interpreter}': interpreter,
    '${args_json}': json,
  };
  const argv: string[] = [];
  for (const part of config.command ?? DEFAULT_COMMAND) {
    const whole = lists[part];
    if (whole) {
      argv.push(...whole());
      continue;
    }
    // Inside a longer element (e.g. `--config=${args_json}`) only single-valued macros make sense.
    argv.push(part.replace(/\$\{(program|interpreter|args_json)\}/g, (m) => inline[m] ?? m));
  }
  return argv;
}
