// Which metric the sweep page's curves chart draws. Pure.

export interface CurveChoice {
  /** The key to draw; null when the sweep has no metric and none was picked. */
  key: string | null;
  /** A picked key no trial reported (a stale link, a typo): the chart falls back to the sweep metric and says so. */
  unknown: string | null;
}

/**
 * The picked key when some trial reported it, else the sweep metric. The trials drawn stay the
 * best by the sweep metric whatever is drawn, so the chart answers "how did the best runs' other
 * series behave" (training loss, learning rate, gradient norm).
 */
export function curveChoice(picked: string | null, metricKeys: readonly string[], metricName: string | null): CurveChoice {
  if (picked === null || picked === metricName) return { key: metricName, unknown: null };
  if (metricKeys.includes(picked)) return { key: picked, unknown: null };
  return { key: metricName, unknown: picked };
}
