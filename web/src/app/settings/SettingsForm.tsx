'use client';

import { useActionState, type ReactNode } from 'react';
import type { SettingsState } from './actions';

const initialState: SettingsState = { error: null };

/**
 * One settings change: its fields (rendered by the server page), a submit button, and what the
 * API answered, including a secret (invite link, new key) that is shown this once.
 */
export function SettingsForm({
  action,
  label,
  submit,
  danger = false,
  inline = false,
  children,
}: {
  action: (previous: SettingsState, formData: FormData) => Promise<SettingsState>;
  label: string;
  submit: string;
  danger?: boolean;
  inline?: boolean;
  children: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, initialState);
  return (
    <form action={formAction} aria-label={label} className={inline ? 'settings-form inline' : 'settings-form'}>
      <div className="settings-fields">
        {children}
        <button type="submit" className={danger ? 'button ghost danger' : inline ? 'button ghost' : 'button'} disabled={pending}>
          {pending ? '…' : submit}
        </button>
      </div>
      {state.error ? (
        <div className="notice error" role="alert">
          {state.error}
        </div>
      ) : null}
      {state.message ? (
        <div className="notice" role="status">
          {state.message}
          {state.secret ? (
            <input type="text" className="secret" aria-label="shown once" readOnly value={state.secret} onFocus={(e) => e.currentTarget.select()} />
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
