'use client';

import { useActionState } from 'react';
import { updateSweepLimits, type SweepLimitsState } from '@/app/sweeps/[id]/actions';

const initialState: SweepLimitsState = { error: null };

/** run_cap and max_concurrent of a running sweep, for when it deserves more trials or more GPUs. */
export function SweepLimitsForm({ id, runCap, maxConcurrent }: { id: string; runCap: number | null; maxConcurrent: number }) {
  const [state, formAction, pending] = useActionState(updateSweepLimits, initialState);
  return (
    <form action={formAction} className="sweep-actions" aria-label="Sweep limits">
      <input type="hidden" name="id" value={id} />
      <label className="inline-field">
        Run cap <input type="number" name="runCap" min={1} defaultValue={runCap ?? ''} placeholder="none" key={`cap-${runCap}`} />
      </label>
      <label className="inline-field">
        At once <input type="number" name="maxConcurrent" min={1} max={1000} defaultValue={maxConcurrent} key={`mc-${maxConcurrent}`} />
      </label>
      <button type="submit" className="button ghost" disabled={pending}>
        Update limits
      </button>
      {state.error ? (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      ) : state.message ? (
        <div className="notice" role="status">
          {state.message}
        </div>
      ) : null}
    </form>
  );
}
