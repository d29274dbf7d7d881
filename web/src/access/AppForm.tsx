import { useState } from 'react';
import { useNavigate } from 'react-router';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { accessApi } from './access-api.ts';
import { implicationsOf } from '../../../src/access/limit-texts.ts';

const FIELDS = ['name', 'label', 'timeZone', 'implications', 'description'];

/** "New application" (system administrators): registers it and goes to its page. */
export function AppForm() {
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', label: '', timeZone: '', implications: '', description: '' });
  const set = (k: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [k]: value }));
  const { error, busy, submit } = useSubmit(async () => {
    const made = await accessApi.createApp({
      name: form.name.trim(),
      label: form.label.trim() || form.name.trim(),
      ...(form.timeZone.trim() ? { timeZone: form.timeZone.trim() } : {}),
      ...(form.implications.trim() ? { implications: implicationsOf(form.implications.split(/[;\n]/)) } : {}),
      ...(form.description.trim() ? { description: form.description.trim() } : {}),
    });
    navigate(`/access/apps/${encodeURIComponent(made.name)}`);
  });
  return (
    <form className="card" onSubmit={submit} noValidate data-testid="app-form">
      <h2>New application</h2>
      <ProblemMessage error={error} shownFields={FIELDS} />
      <TextField
        label="Name"
        name="name"
        value={form.name}
        onChange={set('name')}
        error={error}
        required
        hint="letters, digits, dots, colons, dashes or underscores, e.g. payroll"
      />
      <TextField
        label="Label"
        name="label"
        value={form.label}
        onChange={set('label')}
        error={error}
        hint="the display name; empty: the name"
      />
      <TextField
        label="Time zone"
        name="timeZone"
        value={form.timeZone}
        onChange={set('timeZone')}
        error={error}
        placeholder="UTC"
        hint="the IANA zone its limits are read in, e.g. Europe/London; empty: UTC"
      />
      <TextField
        label="Implied actions"
        name="implications"
        value={form.implications}
        onChange={set('implications')}
        error={error}
        placeholder="write=read; approve=read,write"
        hint="optional: action=the actions it implies, rules separated by ;"
      />
      <TextField
        label="Description"
        name="description"
        value={form.description}
        onChange={set('description')}
        error={error}
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !form.name.trim()}>
          {busy ? 'Registering…' : 'Register application'}
        </button>
      </div>
    </form>
  );
}
