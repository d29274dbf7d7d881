import { type FormEvent, useState } from 'react';

/**
 * An action a button starts: marks it busy, clears the last error, runs `action`, then `onDone` if given (the page
 * reads again); on failure keeps the error to show. Free again either way.
 */
export function useAction(onDone?: () => void) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const act = async (action: () => Promise<unknown>) => {
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
  return { error, busy, act };
}

/**
 * A form's submit: marks it busy, clears the last error, runs `action`, then `onDone` if
 * given (a dialog closes, a page navigates); on failure keeps the error (shown beside fields
 * and in the summary). The form is free again either way, so a form that stays on the page
 * after success (a check, a wizard) can be sent again.
 */
export function useSubmit(action: () => Promise<unknown>, onDone?: () => void) {
  const { error, busy, act } = useAction(onDone);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await act(action);
  };
  return { error, busy, submit };
}
