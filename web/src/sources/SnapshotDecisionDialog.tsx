import { type FormEvent, useState } from 'react';
import type { Snapshot } from '../api/snapshot-types.ts';
import { snapshotsApi } from '../api/snapshots.ts';
import { TextField } from '../components/Field.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { count } from './SnapshotState.tsx';

interface Props {
  snapshot: Snapshot;
  decision: 'release' | 'discard';
  onClose: () => void;
  onDone: () => void;
}

/** Confirms releasing (applying) or discarding a held snapshot, saying what that means. */
export function SnapshotDecisionDialog({ snapshot: s, decision, onClose, onDone }: Props) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const release = decision === 'release';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (release) await snapshotsApi.release(s.id);
      else await snapshotsApi.discard(s.id, reason.trim());
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open title={release ? `Release snapshot #${s.id}?` : `Discard snapshot #${s.id}?`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {release ? (
          <div className="alert alert-warn">
            <p>
              Releasing applies it to the registry now:{' '}
              <strong>
                {count(s.added)} added, {count(s.changed)} changed and {count(s.removed)} removed
              </strong>{' '}
              affiliation(s) from {s.source}, each in the audit trail under your name.
            </p>
          </div>
        ) : (
          <>
            <p>
              {s.state === 'dry-run'
                ? 'Its staged records are dropped (a dry run applied nothing); its counts stay on record.'
                : 'Nothing of it is applied; its counts stay on record. The source’s next snapshot is then compared with what is on file now.'}
            </p>
            <TextField
              label="Reason (optional)"
              name="reason"
              value={reason}
              onChange={setReason}
              error={error}
              hint="kept in the audit trail"
            />
          </>
        )}
        <ProblemMessage error={error} shownFields={['reason']} />
        <div className="form-actions">
          <button type="submit" className={release ? 'primary' : 'danger'} disabled={busy}>
            {busy ? (release ? 'Releasing…' : 'Discarding…') : release ? 'Release and apply' : 'Discard snapshot'}
          </button>
          <button type="button" onClick={onClose} autoFocus>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
