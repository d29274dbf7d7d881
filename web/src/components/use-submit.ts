import { type FormEvent, useState } from 'react';

/**
 * A form's submit: marks it busy, clears the last error, runs `action`, then `onDone`; on
 * failure keeps the error (shown beside fields and in the summary) and frees the form.
 */
export function useSubmit(action: () => Promise<unknown>, onDone: () => void) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
