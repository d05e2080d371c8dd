import { ViewHiddenInputs } from '@/components/ViewHiddenInputs';
import type { LeaderboardView } from '@/lib/leaderboard-view';

interface Props {
  base: string;
  view: LeaderboardView;
  tag: string | null;
  /** Every metric the sweep's trials reported. */
  metricKeys: readonly string[];
  metricName: string;
  /** The key drawn now. */
  current: string;
}

/**
 * Picks the series the curves chart draws (training loss, learning rate, gradient norm, ...):
 * a GET form, so the choice stays in the URL and works without JavaScript.
 */
export function CurveMetricPicker({ base, view, tag, metricKeys, metricName, current }: Props) {
  const keys = [metricName, ...metricKeys.filter((k) => k !== metricName)];
  if (keys.length < 2) return null;
  return (
    <form method="get" action={base} className="curve-picker">
      <ViewHiddenInputs view={view} tag={tag} omit={['curve']} />
      <label>
        Series{' '}
        <select name="curve" defaultValue={current}>
          {keys.map((k) => (
            <option key={k} value={k}>{k === metricName ? `${k} (sweep metric)` : k}</option>
          ))}
        </select>
      </label>{' '}
      <button type="submit" className="button">Show</button>
    </form>
  );
}
