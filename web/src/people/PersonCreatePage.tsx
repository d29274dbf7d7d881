import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { peopleApi } from '../api/people.ts';
import type { DuplicateCandidate } from '../api/people-types.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { AffiliationFields, affiliationOf, emptyAffiliation } from './AffiliationFields.tsx';
import { DuplicateList } from './DuplicateList.tsx';
import { IdentifierEditor, identifiersOf, type IdentifierRow } from './IdentifierEditor.tsx';
import { emptyDraft, inputOf, PersonFields, personFieldNames } from './PersonForm.tsx';

/**
 * Creating a person shows the likely duplicates first. The user opens one of them, or
 * creates the new record anyway and says why.
 */
export function PersonCreatePage() {
  usePageTitle('New person');
  const navigate = useNavigate();
  const [draft, setDraft] = useState(emptyDraft);
  const [identifiers, setIdentifiers] = useState<IdentifierRow[]>([]);
  const [affiliation, setAffiliation] = useState(emptyAffiliation);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null);
  const [reason, setReason] = useState('');

  const create = async (force: boolean) => {
    const created = await peopleApi.create({
      ...inputOf(draft),
      identifiers: identifiersOf(identifiers),
      ...(affiliationOf(affiliation) ? { affiliation: affiliationOf(affiliation) } : {}),
      ...(force ? { force: true, reason: reason.trim() } : {}),
    });
    navigate(`/people/${created.id}`);
  };

  const check = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const found = await peopleApi.duplicates({ ...inputOf(draft), identifiers: identifiersOf(identifiers) });
      if (found.length) setCandidates(found);
      else await create(false);
    } catch (err) {
      const fromServer =
        err instanceof ApiError && err.code === 'duplicate-suspected'
          ? (err.problem.candidates as DuplicateCandidate[] | undefined)
          : undefined;
      if (fromServer?.length) setCandidates(fromServer);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const createAnyway = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await create(true);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <section>
      <div className="crumbs">
        <Link to="/people">People</Link> / new
      </div>
      <h1>New person</h1>
      {candidates === null ? (
        <form className="card" onSubmit={check} noValidate>
          <ProblemMessage
            error={error}
            shownFields={[
              ...personFieldNames,
              'identifiers',
              'affiliation/kind',
              'affiliation/title',
              'affiliation/validFrom',
              'affiliation/validTo',
            ]}
          />
          <PersonFields draft={draft} onChange={setDraft} error={error} />
          <IdentifierEditor rows={identifiers} onChange={setIdentifiers} error={error} />
          <AffiliationFields draft={affiliation} onChange={setAffiliation} error={error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Checking for duplicates…' : 'Check for duplicates and create'}
            </button>
            <Link className="button" to="/people">
              Cancel
            </Link>
          </div>
        </form>
      ) : (
        <>
          <div className="alert alert-warn" role="status">
            <p>
              <strong>
                {candidates.length === 1
                  ? 'This person may already be registered.'
                  : `${candidates.length} people already registered may be this person.`}
              </strong>{' '}
              Open a record to check, or create a new one anyway.
            </p>
          </div>
          <DuplicateList candidates={candidates} />
          <form className="card" onSubmit={createAnyway} aria-labelledby="anyway-h">
            <h2 id="anyway-h">Create “{[draft.givenName, draft.familyName].filter(Boolean).join(' ')}” anyway</h2>
            <ProblemMessage error={error} shownFields={['reason']} />
            <div className="field">
              <label htmlFor="create-reason">Reason</label>
              <textarea
                id="create-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required
                aria-describedby="create-reason-hint"
              />
              <div className="hint" id="create-reason-hint">
                Why this is a different human; it is kept in the audit trail.
              </div>
            </div>
            <div className="form-actions">
              <button type="submit" className="primary" disabled={busy || !reason.trim()}>
                {busy ? 'Creating…' : 'Create anyway'}
              </button>
              <button
                type="button"
                onClick={() => {
                  setCandidates(null);
                  setError(undefined);
                }}
              >
                Back to the form
              </button>
            </div>
          </form>
        </>
      )}
    </section>
  );
}
