import { downsample, linePath } from '@/lib/chart';
import { formatObjective } from '@/lib/format';

const WIDTH = 320;
const HEIGHT = 96;
/** Points drawn at most; longer series are reduced keeping their extremes. */
const MAX_POINTS = 400;

export interface MetricSeriesView {
  key: string;
  points: { step: number; value: number }[];
}

/** One series as a small line chart, with its range, step span and last value. */
/** `stored`: the points the series holds (the API sends at most a few hundred of them, extremes kept). */
export function MetricChart({ series, stored, highlight }: { series: MetricSeriesView; stored: number; highlight: boolean }) {
  const geometry = linePath(downsample(series.points, MAX_POINTS), WIDTH, HEIGHT);
  return (
    <figure className={`chart${highlight ? ' chart-main' : ''}`}>
      <figcaption>
        <span className="mono">{series.key}</span>
        <span className="muted">
          {geometry ? `last ${formatObjective(geometry.last)} · ${stored} points` : 'no finite values'}
        </span>
      </figcaption>
      {geometry ? (
        <svg viewBox={`-4 -4 ${WIDTH + 8} ${HEIGHT + 8}`} preserveAspectRatio="none" role="img" aria-label={`${series.key} by step`}>
          <path d={geometry.d} fill="none" vectorEffect="non-scaling-stroke" />
        </svg>
      ) : null}
      {geometry ? (
        <div className="chart-axis muted">
          <span>step {geometry.firstStep}</span>
          <span>
            {formatObjective(geometry.min)} … {formatObjective(geometry.max)}
          </span>
          <span>step {geometry.lastStep}</span>
        </div>
      ) : null}
    </figure>
  );
}
