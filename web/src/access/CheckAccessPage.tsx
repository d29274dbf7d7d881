import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Field } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { type AccessDecision, accessApi } from './access-api.ts';
import { useSubmit } from '../components/use-submit.ts';

/** Ask the decision point: may this person do this action on this resource (in this unit, at this time)? Shows why. */
export function CheckAccessPage() {
  usePageTitle('Check access');
  const [params] = useSearchParams();
  const [form, setForm] = useState({
    person: '',
    application: params.get('app') ?? '',
    action: '',
    resource: '',
    scope: '',
    at: '',
  });
  const [result, setResult] = useState<AccessDecision | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  // No scope is left out, not sent as null: the server's type coercion reads a null unit id as 0.
  const { error, busy, submit } = useSubmit(async () => {
    setResult(null);
    setResult(
      await accessApi.check({
        subject: { type: 'person', id: Number(form.person) },
        application: form.application,
        action: form.action,
        resource: form.resource,
        scope: form.scope || undefined,
        at: form.at ? new Date(form.at).toISOString() : null,
      }),
    );
  });
  return (
    <section>
      <div className="page-head">
        <h1>Check access</h1>
      </div>
      <ProblemMessage error={error} />
      <form onSubmit={submit} className="stack">
        <Field label="Person (id)" name="subject" error={error}>
          {(c) => <input {...c} value={form.person} onChange={set('person')} inputMode="numeric" required />}
        </Field>
        <Field label="Application" name="application" error={error}>
          {(c) => <input {...c} value={form.application} onChange={set('application')} required />}
        </Field>
        <Field label="Action" name="action" error={error}>
          {(c) => <input {...c} value={form.action} onChange={set('action')} required />}
        </Field>
        <Field label="Resource" name="resource" error={error}>
          {(c) => <input {...c} value={form.resource} onChange={set('resource')} required />}
        </Field>
        <Field label="Scope (unit code or id, optional)" name="scope" error={error}>
          {(c) => <input {...c} value={form.scope} onChange={set('scope')} />}
        </Field>
        <Field label="At (optional, default now)" name="at" error={error}>
          {(c) => <input {...c} type="datetime-local" value={form.at} onChange={set('at')} />}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Asking…' : 'Check'}
        </button>
      </form>
      {result && (
        <div
          className={`alert ${result.decision === 'allow' ? 'alert-ok' : 'alert-error'}`}
          role="status"
          data-testid="decision"
        >
          <strong data-testid="decision-word">{result.decision === 'allow' ? 'Allowed' : 'Denied'}</strong>
          <ol data-testid="reasons">
            {result.reasons.map((r, i) => (
              <li key={i} data-step={r.step}>
                <span className="muted">{r.step}</span> {r.text}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
