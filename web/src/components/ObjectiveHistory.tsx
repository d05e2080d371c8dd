import { formatObjective } from '@/lib/format';
import { historyGeometry, type HistoryPoint } from '@/lib/objective-history';

const WIDTH = 720;
const HEIGHT = 180;

/** Every finished trial's objective by trial number (dots; each names its trial on hover) and the best so far (a step line). */
export function ObjectiveHistory({ points, goal, metric }: { points: HistoryPoint[]; goal: string | null | undefined; metric: string }) {
  const g = historyGeometry(points, goal, WIDTH, HEIGHT);
  if (!g) return <div className="empty">No {metric} reported yet.</div>;
  return (
    <figure className="chart curves history">
      <svg viewBox={`-6 -6 ${WIDTH + 12} ${HEIGHT + 12}`} preserveAspectRatio="none" role="img" aria-label={`${metric} by trial number, with the best so far`}>
        <path d={g.best} fill="none" className="best-line" vectorEffect="non-scaling-stroke" />
        {g.dots.map((d) => (
          <circle key={d.number} cx={d.cx} cy={d.cy} r={3.5} className="dot">
            <title>{`trial #${d.number}: ${formatObjective(d.objective)}`}</title>
          </circle>
        ))}
      </svg>
      <div className="chart-axis muted">
        <span>trial {g.first}</span>
        <span>
          {metric}: {formatObjective(g.min)} … {formatObjective(g.max)} · line: best so far
        </span>
        <span>trial {g.last}</span>
      </div>
    </figure>
  );
}
