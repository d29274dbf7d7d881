import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { sourcesApi } from '../api/sources.ts';
import { useUser } from '../auth/session.tsx';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { inPercent } from './format.ts';
import { emptySourceDraft, SourceFields, sourceFieldNames, settingsOf } from './SourceFields.tsx';

/** Registers a system of record: a permanent name, then settings that can change later. */
export function SourceCreatePage() {
  usePageTitle('Register a source');
  const user = useUser();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [draft, setDraft] = useState(emptySourceDraft);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await sourcesApi.create({ name: name.trim(), ...settingsOf(draft) });
      navigate(`/sources/${encodeURIComponent(created.name)}`);
    } catch (err) {
      setError(inPercent(err));
      setBusy(false);
    }
  };

  return (
    <section>
      <div className="crumbs">
        <Link to="/sources">Sources</Link> / new
      </div>
      <h1>Register a source</h1>
      {!user.abilities['sources:configure'] ? (
        <div className="alert alert-info" role="status">
          <p>Only system administrators register sources of record.</p>
        </div>
      ) : (
        <form className="card" onSubmit={submit} noValidate aria-label="Register a source">
          <ProblemMessage error={error} shownFields={sourceFieldNames} />
          <TextField
            label="Name"
            name="name"
            value={name}
            onChange={setName}
            error={error}
            required
            autoFocus
            hint="permanent: lowercase letters, digits, . _ - (e.g. hr, sis, housing); affiliations and source keys carry it"
          />
          <SourceFields draft={draft} onChange={setDraft} error={error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Registering…' : 'Register source'}
            </button>
            <Link className="button" to="/sources">
              Cancel
            </Link>
          </div>
        </form>
      )}
    </section>
  );
}
