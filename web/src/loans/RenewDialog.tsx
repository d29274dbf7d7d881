import { useState } from 'react';
import { type LoanView, loansApi } from '../api/loans.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';

/** Renews a loan: a new end some hours from now (at most 48), with an optional comment. */
export function RenewDialog({
  loan,
  onClose,
  onRenewed,
}: {
  loan: LoanView | null;
  onClose: () => void;
  onRenewed: () => void;
}) {
  const [hours, setHours] = useState('24');
  const [comment, setComment] = useState('');
  const { error, busy, submit } = useSubmit(
    async () => {
      await loansApi.renew(loan!, Number(hours), comment);
    },
    () => {
      setComment('');
      onRenewed();
    },
  );
  return (
    <Dialog open={loan !== null} title={loan ? `Renew ${loan.username}` : 'Renew'} onClose={onClose}>
      {loan && (
        <form onSubmit={submit} noValidate>
          <p>
            Now lent until <time dateTime={loan.endsAt}>{new Date(loan.endsAt).toLocaleString()}</time>.
          </p>
          <Field label="Hours from now" name="hours" error={error} hint="a later end, at most 2 days from now">
            {(control) => (
              <input
                {...control}
                name="hours"
                type="number"
                min={3}
                max={48}
                step={1}
                value={hours}
                onChange={(e) => setHours(e.target.value)}
              />
            )}
          </Field>
          <TextField label="Comment" name="comment" value={comment} onChange={setComment} error={error} />
          <ProblemMessage error={error} shownFields={['hours', 'comment']} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Renewing…' : 'Renew'}
            </button>
            <button type="button" className="link-button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
