import { useState } from 'react';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { type AccessResource, type AccessRole, accessApi } from './access-api.ts';
import { optionText, treeOrder } from './resource-tree.ts';
import { limitsOf } from '../../../src/access/limit-texts.ts';

const EMPTY = { action: '', resource: '', window: '', weekdays: '', dates: '' };

/**
 * "Add permission" on a role: an action on one of the application's resources (and its subtree), with optional limits.
 */
export function PermissionForm({
  role,
  resources,
  onAdded,
}: {
  role: AccessRole;
  resources: AccessResource[];
  onAdded: () => void;
}) {
  const [form, setForm] = useState(EMPTY);
  const set = (k: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
  const { limits, at } = limitsOf(form);
  // A limit's problems name its place in the list sent; a text not sent claims none.
  const limitField = (k: keyof typeof at) => (at[k] === undefined ? `limits/-${k}` : `limits/${at[k]}`);
  const { error, busy, submit } = useSubmit(
    () =>
      accessApi.addPermission(role.id, {
        action: form.action.trim(),
        resource: form.resource,
        ...(limits.length ? { limits } : {}),
      }),
    () => {
      setForm(EMPTY);
      onAdded();
    },
  );
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="permission-form">
      <ProblemMessage error={error} shownFields={['action', 'resource', 'limits']} />
      <TextField
        label="Action"
        name="action"
        value={form.action}
        onChange={set('action')}
        error={error}
        required
        hint="e.g. read, write, approve"
      />
      <Field label="On resource" name="resource" error={error} hint="and every resource under it">
        {(c) => (
          <select {...c} value={form.resource} onChange={(e) => set('resource')(e.target.value)} required>
            <option value="">(choose a resource)</option>
            {treeOrder(resources).map(({ r, depth }) => (
              <option key={r.id} value={r.name}>
                {optionText(r, depth)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label="Hours (optional)"
        name={limitField('window')}
        value={form.window}
        onChange={set('window')}
        error={error}
        placeholder="08:00-18:00"
        hint="in the application's time zone; an end before the start wraps midnight"
      />
      <TextField
        label="Weekdays (optional)"
        name={limitField('weekdays')}
        value={form.weekdays}
        onChange={set('weekdays')}
        error={error}
        placeholder="1,2,3,4,5"
        hint="ISO weekdays, 1 = Monday"
      />
      <TextField
        label="Dates (optional)"
        name={limitField('dates')}
        value={form.dates}
        onChange={set('dates')}
        error={error}
        placeholder="2026-09-01..2026-12-31"
        hint="inclusive; either end may be left out"
      />
      <div className="form-actions">
        <button type="submit" disabled={busy || !form.action.trim() || !form.resource}>
          {busy ? 'Adding…' : 'Add permission'}
        </button>
      </div>
    </form>
  );
}
