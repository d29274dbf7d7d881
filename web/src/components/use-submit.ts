import { type FormEvent, useState } from 'react';

/**
 * A form's submit: marks it busy, clears the last error, runs `action`, then `onDone` if
 * given (a dialog closes, a page navigates); on failure keeps the error (shown beside fields
 * and in the summary). The form is free again either way, so a form that stays on the page
 * after success (a check, a wizard) can be sent again.
 */
export function useSubmit(action: () => Promise<unknown>, onDone?: () => void) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
