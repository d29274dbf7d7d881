import { type FormEvent, useState } from 'react';
import { orgsApi } from '../api/orgs.ts';
import type { UnitDetail, UnitSummary } from '../api/org-types.ts';
import { TextField } from '../components/Field.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { UnitFinder } from './UnitFinder.tsx';

interface Props {
  unit: UnitDetail;
  etag: string;
  onClose: () => void;
  onDone: () => void;
  onReload: () => void;
}

/** Moves a unit (with everything below it) under another parent. */
export function UnitMoveDialog({ unit, etag, onClose, onDone, onReload }: Props) {
  const [parent, setParent] = useState<UnitSummary | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const current = unit.ancestors[unit.ancestors.length - 1];

  const move = async (e: FormEvent) => {
    e.preventDefault();
    if (!parent) return;
    setBusy(true);
    setError(undefined);
    try {
      await orgsApi.move(unit.id, parent.id, reason.trim() || undefined, etag);
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open title={`Move ${unit.name}`} onClose={onClose}>
      <p className="muted">
        Now under {current ? <strong>{current.name}</strong> : 'no parent'}. Everything below {unit.name} moves with it.
      </p>
      <UnitFinder label="New parent" onPick={setParent} />
      <form onSubmit={move} style={{ marginTop: '0.8rem' }}>
        <ProblemMessage error={error} shownFields={['reason']} onReload={onReload} />
        <p aria-live="polite">
          {parent ? (
            <>
              Move under <strong>{parent.name}</strong> <span className="mono muted">{parent.code}</span>
            </>
          ) : (
            'Choose the new parent above.'
          )}
        </p>
        <TextField label="Reason (optional)" name="reason" value={reason} onChange={setReason} error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!parent || busy}>
            {busy ? 'Moving…' : 'Move'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
