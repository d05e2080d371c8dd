import Link from 'next/link';
import { downsample, sharedLinePaths } from '@/lib/chart';
import { formatObjective } from '@/lib/format';

const WIDTH = 720;
const HEIGHT = 200;
const MAX_POINTS = 300;
/** Distinguishable in light and dark themes; the best trial gets the first. */
const COLORS = ['#c2410c', '#1d4ed8', '#15803d', '#7c3aed', '#0e7490', '#a16207', '#be185d', '#4b5563', '#65a30d', '#9333ea'];

export interface TrialCurve {
  id: string;
  number: number;
  points: { step: number; value: number }[];
}

/** The sweep metric of several trials on one scale, with a legend linking to each trial. */
export function CurvesChart({ metric, curves, which = 'the best trials' }: { metric: string; curves: TrialCurve[]; which?: string }) {
  const geometry = sharedLinePaths(curves.map((c) => downsample(c.points, MAX_POINTS)), WIDTH, HEIGHT);
  if (geometry === null) return <div className="empty">No {metric} reported yet.</div>;
  return (
    <figure className="chart curves">
      <svg viewBox={`-4 -4 ${WIDTH + 8} ${HEIGHT + 8}`} preserveAspectRatio="none" role="img" aria-label={`${metric} of ${which} by step`}>
        {geometry.paths.map((d, i) => (
          <path key={curves[i]!.id} d={d} fill="none" style={{ stroke: COLORS[i % COLORS.length] }} vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
      <div className="chart-axis muted">
        <span>step {geometry.firstStep}</span>
        <span>
          {metric}: {formatObjective(geometry.min)} … {formatObjective(geometry.max)}
        </span>
        <span>step {geometry.lastStep}</span>
      </div>
      <figcaption className="legend">
        {curves.map((c, i) => (
          <Link key={c.id} href={`/trials/${encodeURIComponent(c.id)}`}>
            <span className="swatch" style={{ background: COLORS[i % COLORS.length] }} />#{c.number}
          </Link>
        ))}
      </figcaption>
    </figure>
  );
}
