import { useState } from 'react';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { type AccessResource, accessApi } from './access-api.ts';
import { optionText, treeOrder } from './resource-tree.ts';

const FIELDS = ['name', 'label', 'parent'];

/**
 * "Add resource": a name and an optional parent among the application's resources (a grant on the parent covers it).
 */
export function ResourceForm({
  app,
  resources,
  onAdded,
}: {
  app: string;
  resources: AccessResource[];
  onAdded: () => void;
}) {
  const [form, setForm] = useState({ name: '', label: '', parent: '' });
  const set = (k: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
  const { error, busy, submit } = useSubmit(
    () =>
      accessApi.createResource(app, {
        name: form.name.trim(),
        ...(form.label.trim() ? { label: form.label.trim() } : {}),
        parent: form.parent || null,
      }),
    () => {
      setForm({ name: '', label: '', parent: '' });
      onAdded();
    },
  );
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="resource-form">
      <h3>Add resource</h3>
      <ProblemMessage error={error} shownFields={FIELDS} />
      <TextField label="Name" name="name" value={form.name} onChange={set('name')} error={error} required />
      <TextField
        label="Label"
        name="label"
        value={form.label}
        onChange={set('label')}
        error={error}
        hint="empty: the name"
      />
      <Field label="Parent" name="parent" error={error} hint="a permission on the parent covers this resource too">
        {(c) => (
          <select {...c} value={form.parent} onChange={(e) => set('parent')(e.target.value)}>
            <option value="">(none: at the top)</option>
            {treeOrder(resources).map(({ r, depth }) => (
              <option key={r.id} value={r.name}>
                {optionText(r, depth)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={busy || !form.name.trim()}>
          {busy ? 'Adding…' : 'Add resource'}
        </button>
      </div>
    </form>
  );
}
