import { useState } from 'react';
import { ApiError } from '../api/client.ts';
import { type LendResult, loansApi } from '../api/loans.ts';
import { Dialog } from '../components/Dialog.tsx';
import { Field, TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';

interface Props {
  open: boolean;
  /** The department code to lend for, when the dialog was opened from its row. */
  orgCode: string;
  onClose: () => void;
  onLent: () => void;
}

const notFound = (code: string) =>
  new ApiError({
    type: 'about:blank',
    title: 'Unknown department',
    status: 400,
    detail: `No organisation has the code ${code}.`,
    code: 'validation',
    errors: [{ field: '/orgId', rule: 'known-unit', message: `no organisation has the code ${code}` }],
  });

/** Lends an account: department, borrower, what for, how long; then shows the one-time password once. */
export function LendDialog({ open, orgCode, onClose, onLent }: Props) {
  const [code, setCode] = useState(orgCode);
  const [borrower, setBorrower] = useState('');
  const [comment, setComment] = useState('');
  const [hours, setHours] = useState('4');
  const [result, setResult] = useState<LendResult | null>(null);
  const { error, busy, submit } = useSubmit(async () => {
    const orgId = await loansApi.unitByCode(code);
    if (orgId === null) throw notFound(code);
    setResult(await loansApi.lend({ orgId, borrowerName: borrower.trim() || null, comment, hours: Number(hours) }));
  }, onLent);
  const close = () => {
    setResult(null);
    setBorrower('');
    setComment('');
    onClose();
  };
  return (
    <Dialog open={open} title={result ? `Lent ${result.loan.username}` : 'Lend a temporary account'} onClose={close}>
      {result ? (
        <div data-testid="lend-result">
          <p>
            <strong>{result.loan.username}</strong> is lent to{' '}
            {result.loan.borrowerName ?? `person ${result.loan.borrowerPersonId}`} until{' '}
            <time dateTime={result.loan.endsAt}>{new Date(result.loan.endsAt).toLocaleString()}</time>
            {result.loan.fromGlobal ? ' (drawn from the global pool).' : '.'}
          </p>
          <p>One-time password — give it to the borrower now; it is not shown again:</p>
          <p className="mono" style={{ fontSize: '1.4em' }} data-testid="one-time-password">
            {result.password}
          </p>
          {result.globalPoolLow && (
            <p className="alert alert-warn">
              The global pool is below its low-water mark; the administrators were told.
            </p>
          )}
          <button type="button" onClick={close}>
            Done
          </button>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <TextField label="Department (code)" name="orgId" value={code} onChange={setCode} error={error} required />
          <TextField
            label="Borrower"
            name="borrowerName"
            value={borrower}
            onChange={setBorrower}
            error={error}
            hint="the visitor's name"
          />
          <TextField
            label="Comment"
            name="comment"
            value={comment}
            onChange={setComment}
            error={error}
            hint="what the account is for; kept in the history"
            required
          />
          <Field label="Hours" name="hours" error={error} hint="3 hours to 2 days (48 hours)">
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
          <ProblemMessage error={error} shownFields={['orgId', 'borrowerName', 'comment', 'hours']} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Lending…' : 'Lend'}
            </button>
            <button type="button" className="link-button" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
