import { type FormEvent, useState } from 'react';
import type { Review } from '../api/review-types.ts';
import { reviewsApi } from '../api/reviews.ts';
import { Dialog } from '../components/Dialog.tsx';
import { TextField } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { candidateName, personNumber, recordName, resolutionOf, type ReviewChoice } from './review-choice.ts';

interface Props {
  review: Review;
  choice: ReviewChoice;
  onClose: () => void;
  onDone: (settled: Review) => void;
}

function titleOf(choice: ReviewChoice): string {
  if (choice.kind === 'candidate') return `Same person as ${candidateName(choice.candidate)}?`;
  if (choice.kind === 'other') return 'Someone else?';
  if (choice.kind === 'create') return 'A new person?';
  return 'Dismiss this record?';
}

const actionOf = {
  candidate: 'Yes, the same person',
  other: 'Yes, that person',
  create: 'Create a new person',
  dismiss: 'Dismiss the record',
} as const;

/** Confirms how a match review is settled, saying what happens to the record and the people. */
export function ReviewResolveDialog({ review, choice, onClose, onDone }: Props) {
  const [other, setOther] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const who = recordName(review);
  const from = `${review.source}’s record ${review.recordKey}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const resolution = resolutionOf(choice, personNumber(other));
    if (!resolution) {
      setError(new Error('Type the number of the person the record belongs to, e.g. 42 (it is on their page).'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onDone(await reviewsApi.resolve(review.id, resolution));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open title={titleOf(choice)} onClose={onClose}>
      <form onSubmit={submit} noValidate data-testid="review-resolve">
        {choice.kind === 'candidate' && (
          <p>
            The record for <strong>{who}</strong> ({from}) belongs to <strong>{candidateName(choice.candidate)}</strong>{' '}
            (#{choice.candidate.personId}): they take the source’s key{' '}
            <span className="mono">{review.record.personKey}</span> and its {review.record.kind} affiliation. Their name
            is not changed.
          </p>
        )}
        {choice.kind === 'other' && (
          <>
            <p>
              The record for <strong>{who}</strong> ({from}) belongs to the person with this number: they take the
              source’s key <span className="mono">{review.record.personKey}</span> and its {review.record.kind}{' '}
              affiliation.
            </p>
            <TextField
              label="Person number"
              name="personId"
              value={other}
              onChange={setOther}
              error={error}
              hint="the number on the person’s page, e.g. 42"
              autoFocus
            />
          </>
        )}
        {choice.kind === 'create' && (
          <p>
            A new person, <strong>{who}</strong>, is created from {from}, with its identifiers and its{' '}
            {review.record.kind} affiliation. Choose this only if the record is nobody already in the registry.
          </p>
        )}
        {choice.kind === 'dismiss' && (
          <p>Nothing of {from} is applied. If the source still sends it, its next snapshot opens a new review.</p>
        )}
        <p className="muted">This is kept in the audit trail under your name.</p>
        <ProblemMessage error={error} shownFields={choice.kind === 'other' ? ['personId'] : []} />
        <div className="form-actions">
          <button type="submit" className={choice.kind === 'dismiss' ? 'danger' : 'primary'} disabled={busy}>
            {busy ? 'Saving…' : actionOf[choice.kind]}
          </button>
          <button type="button" onClick={onClose} autoFocus={choice.kind !== 'other'}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
