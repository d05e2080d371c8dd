'use client';

import { useActionState } from 'react';
import { stopTrial, type StopTrialState } from '@/app/trials/[id]/actions';

const initialState: StopTrialState = { error: null };

/** Stops this trial only; a running one ends once its agent has stopped the trainer. */
export function StopTrialButton({ id, running }: { id: string; running: boolean }) {
  const [state, formAction, pending] = useActionState(stopTrial, initialState);
  return (
    <form
      action={formAction}
      className="sweep-actions"
      aria-label="Trial actions"
      onSubmit={(e) => {
        if (!window.confirm('Stop this trial? The sweep goes on without it.')) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button ghost danger" disabled={pending || state.done}>
        {state.done && running ? 'Stopping…' : 'Stop trial'}
      </button>
      {state.error ? (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      ) : null}
    </form>
  );
}
