'use client';

import { useActionState } from 'react';
import { changeSweep, type SweepActionState } from '@/app/sweeps/[id]/actions';

const initialState: SweepActionState = { error: null };

/**
 * Stop, pause and resume, offered by what the sweep's status allows. Stopping ends the sweep
 * for good (running trials are stopped and marked as stopped by a person), so it asks first.
 */
export function SweepActions({ id, status }: { id: string; status: string }) {
  const [state, formAction, pending] = useActionState(changeSweep, initialState);
  const running = status === 'RUNNING' || status === 'PENDING';
  const paused = status === 'PAUSED';
  if (!running && !paused) return null;
  return (
    <form
      action={formAction}
      className="sweep-actions"
      aria-label="Sweep actions"
      onSubmit={(e) => {
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        if (submitter?.value === 'stop' && !window.confirm('Stop this sweep? Its running trials are stopped and no new ones start.')) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      {running ? (
        <button type="submit" name="action" value="pause" className="button ghost" disabled={pending}>
          Pause sweep
        </button>
      ) : (
        <button type="submit" name="action" value="resume" className="button ghost" disabled={pending}>
          Resume sweep
        </button>
      )}
      <button type="submit" name="action" value="stop" className="button ghost danger" disabled={pending}>
        Stop sweep
      </button>
      {state.error ? (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      ) : null}
    </form>
  );
}
