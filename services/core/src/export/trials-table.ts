/**
 * A sweep's trials as one flat table (params as dotted columns, chosen metrics' latest values),
 * for `anneal sweep export` and the web's export: what a spreadsheet or pandas reads without
 * knowing Anneal. Pure; here so the CLI and the web write the same files.
 */

export interface ExportTrial {
  number: number; status: string; objective: number | null; params: Record<string, unknown>;
  createdAt: string; startedAt: string | null; finishedAt: string | null;
  /** Latest value of chosen metrics, by key: `metric.<key>` columns. */
  latest?: Record<string, number>;
}

const FIXED = ['number', 'status', 'objective', 'created_at', 'started_at', 'finished_at', 'duration_s'] as const;

function flatten(value: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) flatten(v as Record<string, unknown>, name, out);
    else out[name] = v;
  }
  return out;
}

/** Columns: the fixed ones, every parameter seen, then every metric given, each sorted by name; rows in the given order. */
export function trialsTable(trials: readonly ExportTrial[]): { columns: string[]; rows: Array<Record<string, unknown>> } {
  const flat = trials.map((t) => flatten(t.params));
  const params = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort().map((p) => `param.${p}`);
  const metrics = [...new Set(trials.flatMap((t) => Object.keys(t.latest ?? {})))].sort().map((m) => `metric.${m}`);
  const rows = trials.map((t, i) => {
    const duration = t.startedAt && t.finishedAt ? (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000 : null;
    const row: Record<string, unknown> = {
      number: t.number, status: t.status, objective: t.objective, created_at: t.createdAt,
      started_at: t.startedAt, finished_at: t.finishedAt, duration_s: duration,
    };
    for (const [k, v] of Object.entries(flat[i]!)) row[`param.${k}`] = v;
    for (const [k, v] of Object.entries(t.latest ?? {})) row[`metric.${k}`] = v;
    return row;
  });
  return { columns: [...FIXED, ...params, ...metrics], rows };
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; missing is empty. */
export function toCsv(table: { columns: string[]; rows: Array<Record<string, unknown>> }): string {
  const field = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [table.columns.map(field).join(','), ...table.rows.map((r) => table.columns.map((c) => field(r[c])).join(','))].join('\r\n') + '\r\n';
}
