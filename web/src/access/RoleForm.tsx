import { useState } from 'react';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { accessApi } from './access-api.ts';

const FIELDS = ['name', 'label', 'description'];

/** "New role": a name, label and description; its permissions are added on the role once it exists. */
export function RoleForm({ app, onAdded }: { app: string; onAdded: () => void }) {
  const [form, setForm] = useState({ name: '', label: '', description: '' });
  const set = (k: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
  const { error, busy, submit } = useSubmit(
    () =>
      accessApi.createRole(app, {
        name: form.name.trim(),
        ...(form.label.trim() ? { label: form.label.trim() } : {}),
        ...(form.description.trim() ? { description: form.description.trim() } : {}),
      }),
    () => {
      setForm({ name: '', label: '', description: '' });
      onAdded();
    },
  );
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="role-form">
      <h3>New role</h3>
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
      <TextField
        label="Description"
        name="description"
        value={form.description}
        onChange={set('description')}
        error={error}
      />
      <div className="form-actions">
        <button type="submit" disabled={busy || !form.name.trim()}>
          {busy ? 'Adding…' : 'Add role'}
        </button>
      </div>
    </form>
  );
}
