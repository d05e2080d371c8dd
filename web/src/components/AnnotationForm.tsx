'use client';

import { useActionState } from 'react';
import type { AnnotationState } from '@/app/annotations';

const initialState: AnnotationState = { error: null };

/** Notes and tags of a sweep or trial, editable by members (the API checks that too). */
export function AnnotationForm({
  id,
  notes,
  tags,
  action,
  what,
}: {
  id: string;
  notes: string;
  tags: readonly string[];
  action: (previous: AnnotationState, formData: FormData) => Promise<AnnotationState>;
  what: string;
}) {
  const [state, formAction, pending] = useActionState(action, initialState);
  return (
    <form action={formAction} className="annotation-form" aria-label={`Notes and tags of this ${what}`}>
      <input type="hidden" name="id" value={id} />
      <div className="field">
        <label htmlFor={`notes-${id}`}>Notes</label>
        <textarea id={`notes-${id}`} name="notes" rows={3} maxLength={10_000} defaultValue={notes} key={notes} />
      </div>
      <div className="field">
        <label htmlFor={`tags-${id}`}>Tags (separated by spaces or commas)</label>
        <input id={`tags-${id}`} name="tags" type="text" defaultValue={tags.join(' ')} key={tags.join(' ')} autoComplete="off" />
      </div>
      <button type="submit" className="button ghost" disabled={pending}>
        {pending ? 'Saving…' : 'Save notes and tags'}
      </button>
      {state.error ? (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      ) : state.saved ? (
        <span className="muted" role="status">
          {' '}
          Saved.
        </span>
      ) : null}
    </form>
  );
}
