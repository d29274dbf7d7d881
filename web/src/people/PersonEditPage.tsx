import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { peopleApi } from '../api/people.ts';
import type { Person } from '../api/people-types.ts';
import { useResource } from '../api/use-resource.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { draftOf, inputOf, PersonFields, personFieldNames } from './PersonForm.tsx';

/** Edit a person; the update carries the ETag read here, so a concurrent change is not overwritten. */
export function PersonEditPage() {
  const id = Number(useParams().id);
  const person = useResource((signal) => peopleApi.get(id, signal), [id]);
  usePageTitle('Edit person');
  return (
    <Loaded resource={person} what="Loading the person">
      {({ data, etag }) => (
        <EditForm key={`${data.id}:${data.version}`} person={data} etag={etag} onReload={person.reload} />
      )}
    </Loaded>
  );
}

function EditForm({ person, etag, onReload }: { person: Person; etag: string; onReload: () => void }) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState(() => draftOf(person));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await peopleApi.update(
        person.id,
        { ...inputOf(draft), ...(reason.trim() ? { reason: reason.trim() } : {}) },
        etag,
      );
      navigate(`/people/${person.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  if (person.state === 'merged') {
    return (
      <div className="alert alert-warn">
        This record was merged into <Link to={`/people/${person.mergedInto}`}>person #{person.mergedInto}</Link> and
        cannot be edited.
      </div>
    );
  }
  return (
    <section>
      <div className="crumbs">
        <Link to="/people">People</Link> / <Link to={`/people/${person.id}`}>{person.displayName}</Link> / edit
      </div>
      <h1>Edit {person.displayName}</h1>
      <form className="card" onSubmit={save} noValidate>
        <ProblemMessage error={error} shownFields={[...personFieldNames, 'reason']} onReload={onReload} />
        <PersonFields draft={draft} onChange={setDraft} error={error} />
        <div className="field">
          <label htmlFor="edit-reason">
            Reason <span className="muted">(optional)</span>
          </label>
          <input
            id="edit-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby="edit-reason-hint"
          />
          <div className="hint" id="edit-reason-hint">
            Kept with the change in the audit trail.
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <Link className="button" to={`/people/${person.id}`}>
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
