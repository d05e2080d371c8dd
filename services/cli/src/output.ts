/** Renders rows as an aligned plain-text table (what `sweep ls` and `sweep watch` print). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '-';
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
}

export function formatValue(v: unknown): string {
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The leaderboard table: one column per parameter any trial has, sorted by name. */
export function leaderboardRows(trials: Array<{ number: number; status: string; objective: number | null; params: Record<string, unknown> }>): { headers: string[]; rows: string[][] } {
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  return {
    headers: ['#', 'STATUS', 'OBJECTIVE', ...keys.map((k) => k.toUpperCase())],
    rows: trials.map((t) => [String(t.number), t.status, formatNumber(t.objective), ...keys.map((k) => (k in t.params ? formatValue(t.params[k]) : ''))]),
  };
}
