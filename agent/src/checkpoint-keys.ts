import { checkpointKey } from '@anneal/protocol';

export interface CheckpointRef {
  key: string;
  step: number;
}

/**
 * The checkpoint of `trialId` to restore from, among the stored object names: the one at the
 * highest step not above `atMost` (any step when atMost is undefined), or null if there is none.
 */
export function pickCheckpoint(names: Iterable<string>, trialId: string, atMost?: number): CheckpointRef | null {
  const prefix = `${trialId}/`;
  let best: CheckpointRef | null = null;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (!/^\d{1,10}$/.test(rest)) continue;
    const step = Number(rest);
    if (atMost !== undefined && step > atMost) continue;
    if (best === null || step > best.step) best = { key: checkpointKey(trialId, step), step };
  }
  return best;
}
