import { rangeText, type LeaderboardView } from '@/lib/leaderboard-view';

/**
 * The leaderboard view as hidden fields, so a GET form on the sweep page changes one thing (its
 * own fields) and keeps the rest of the view. `omit`: the fields the form sets itself.
 */
export function ViewHiddenInputs({ view, tag, omit = [] }: { view: LeaderboardView; tag: string | null; omit?: ReadonlyArray<'curve' | 'cols' | 'range' | 'compare'> }) {
  return (
    <>
      {view.sort !== 'objective' ? <input type="hidden" name="sort" value={view.sort} /> : null}
      {view.dir !== 'asc' ? <input type="hidden" name="dir" value={view.dir} /> : null}
      {view.statuses.length > 0 ? <input type="hidden" name="status" value={view.statuses.join(',')} /> : null}
      {!omit.includes('compare') && view.compare.length > 0 ? <input type="hidden" name="compare" value={view.compare.join(',')} /> : null}
      {tag ? <input type="hidden" name="tag" value={tag} /> : null}
      {omit.includes('range') ? null : view.ranges.map((r) => <input key={rangeText(r)} type="hidden" name="range" value={rangeText(r)} />)}
      {!omit.includes('cols') && view.metrics.length > 0 ? <input type="hidden" name="cols" value={view.metrics.join(',')} /> : null}
      {!omit.includes('curve') && view.curve !== null ? <input type="hidden" name="curve" value={view.curve} /> : null}
    </>
  );
}
