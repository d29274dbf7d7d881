import { type FormEvent, useState } from 'react';
import { ApiError, type FieldProblem } from '../api/client.ts';

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
 * A form's submit: marks it busy, clears the last error, runs `check` (the fields the form needs, see
 * problem-texts.ts `missingFields`) and then `action`, then `onDone` if given (a dialog closes, a page
 * navigates); on failure keeps the error (shown beside fields and in the summary). The form is free again
 * either way, so a form that stays on the page after success (a check, a wizard) can be sent again.
 */
export function useSubmit(action: () => Promise<unknown>, onDone?: () => void, check?: () => FieldProblem[]) {
  const { error, busy, act } = useAction(onDone);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await act(async () => {
      // The form's own check first: every empty required field is named at once, beside it, and nothing is sent.
      const problems = check?.() ?? [];
      if (problems.length) throw formProblems(problems);
      return action();
    });
  };
  return { error, busy, submit };
}

/** Problems the form found itself, shaped like the server's (problem+json with `errors`), so fields show them alike. */
export function formProblems(errors: FieldProblem[]): ApiError {
  return new ApiError({
    type: 'about:blank',
    title: 'Some fields need your attention',
    status: 400,
    detail: '',
    code: 'validation',
    errors,
  });
}
