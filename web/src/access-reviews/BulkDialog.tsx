import { useState } from 'react';
import { accessReviewsApi } from '../api/access-reviews.ts';
import type { Decision, ItemFilter } from '../api/access-review-types.ts';
import { Dialog } from '../components/Dialog.tsx';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction } from '../components/use-submit.ts';
import { DECISION_LABEL } from './ItemRow.tsx';
import { daysFromToday } from './worklist-query.ts';

interface Props {
  open: boolean;
  campaignId: number;
  /** How many items the filter selects now, and the filter in words. */
  count: number;
  description: string;
  filter: ItemFilter;
  onClose: () => void;
  onDone: (decided: number) => void;
}

const VERB: Record<Decision, string> = { keep: 'Keep', remove: 'Remove', 'end-date': 'End-date' };

/**
 * One decision over every item the worklist's filter selects, after a confirmation that says how many and which.
 * The server decides exactly the items the filter selects when it is sent.
 */
export function BulkDialog({ open, campaignId, count, description, filter, onClose, onDone }: Props) {
  const [decision, setDecision] = useState<Decision>('keep');
  const [comment, setComment] = useState('');
  const [endDate, setEndDate] = useState(daysFromToday(30));
  const { error, busy, act } = useAction();
  const send = () =>
    act(async () => {
      const { decided } = await accessReviewsApi.bulk(campaignId, {
        decision,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(decision === 'end-date' ? { endDate } : {}),
        filter,
      });
      onDone(decided);
    });
  const items = `${count} item${count === 1 ? '' : 's'}`;
  return (
    <Dialog open={open} title={`Decide ${items} at once`} onClose={onClose}>
      <form
        data-testid="bulk-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <p data-testid="bulk-count">
          This decides <strong>{items}</strong>: {description}. Decisions already made among them are replaced; all are
          applied when the campaign closes.
        </p>
        <fieldset>
          <legend>Decision</legend>
          {(['keep', 'remove', 'end-date'] as const).map((d) => (
            <label key={d} className="check">
              <input type="radio" name="bulk-decision" checked={decision === d} onChange={() => setDecision(d)} />{' '}
              {DECISION_LABEL[d]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="bulk-comment">Comment{decision === 'remove' ? ' (required)' : ''}</label>
          <input id="bulk-comment" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
          <FieldProblems error={error} name="comment" />
        </div>
        {decision === 'end-date' && (
          <div className="field">
            <label htmlFor="bulk-end-date">End date</label>
            <input id="bulk-end-date" type="date" value={endDate} onChange={(e) => setEndDate(e.target.value)} />
            <FieldProblems error={error} name="endDate" />
          </div>
        )}
        <ProblemMessage error={error} shownFields={['comment', 'endDate']} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || count === 0}>
            {VERB[decision]} {items}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
