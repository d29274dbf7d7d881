import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { orgsApi } from '../api/orgs.ts';
import type { CascadeNeeded, UnitDetail } from '../api/org-types.ts';
import { TextField } from '../components/Field.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { today } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { CascadeList, cascadeOf } from './CascadeList.tsx';

interface Props {
  unit: UnitDetail;
  etag: string;
  onClose: () => void;
  onDone: () => void;
  onReload: () => void;
}

/**
 * Ends a unit on a date. When things below it would outlive it, the server answers
 * cascade-required with what would end too; the user sees the list and confirms the cascade.
 */
export function UnitEndDialog({ unit, etag, onClose, onDone, onReload }: Props) {
  const [validTo, setValidTo] = useState(today());
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [cascade, setCascade] = useState<{ needed: CascadeNeeded } | null>(null);
  const [busy, setBusy] = useState(false);

  const end = async (withCascade: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await orgsApi.end(unit.id, validTo, withCascade, reason.trim(), etag);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'cascade-required' && !withCascade)
        setCascade({ needed: cascadeOf(err.problem) });
      else setError(err);
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void end(false);
  };

  return (
    <Dialog open title={`End ${unit.name}`} onClose={onClose}>
      {cascade === null ? (
        <form onSubmit={submit} noValidate>
          <ProblemMessage error={error} shownFields={['validTo', 'reason']} onReload={onReload} />
          <TextField
            label="Last valid day"
            name="validTo"
            type="date"
            value={validTo}
            onChange={setValidTo}
            error={error}
            required
          />
          <TextField
            label="Reason"
            name="reason"
            value={reason}
            onChange={setReason}
            error={error}
            required
            hint="kept in the audit trail of every unit and affiliation this ends"
          />
          <div className="form-actions">
            <button type="submit" className="danger" disabled={busy || !validTo || !reason.trim()}>
              {busy ? 'Ending…' : 'End unit'}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div data-testid="cascade-question">
          <div className="alert alert-warn" role="alert">
            <p>
              <strong>
                Ending {unit.name} on {validTo} would also end what depends on it.
              </strong>
            </p>
            <p>
              {cascade.needed.counts.units} unit(s) and {cascade.needed.counts.affiliations} affiliation(s) below it
              last beyond that day. Ending it with the cascade ends them all on {validTo}, each with your reason in the
              audit trail.
            </p>
          </div>
          <CascadeList cascade={cascade.needed} />
          <ProblemMessage error={error} onReload={onReload} />
          <div className="form-actions">
            <button type="button" className="danger" onClick={() => end(true)} disabled={busy}>
              {busy ? 'Ending…' : `End ${unit.name} and all of these`}
            </button>
            <button type="button" onClick={onClose} autoFocus>
              Cancel
            </button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
