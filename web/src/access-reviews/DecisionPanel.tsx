import type { KeyboardEvent, RefObject } from 'react';
import type { Decision, ReviewItem } from '../api/access-review-types.ts';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { DECISION_LABEL } from './ItemRow.tsx';

export interface DecisionState {
  comment: string;
  endDate: string;
  /** A decision waiting for its comment (remove) or its date (end date): Enter sends it. */
  pending: Decision | null;
}

interface Props {
  item: ReviewItem | undefined;
  state: DecisionState;
  onChange: (patch: Partial<DecisionState>) => void;
  onDecide: (decision: Decision) => void;
  /** Escape: back to the list. */
  onLeave: () => void;
  busy: boolean;
  error: unknown;
  onReload: () => void;
  commentRef: RefObject<HTMLInputElement | null>;
  dateRef: RefObject<HTMLInputElement | null>;
}

const PENDING_HINT: Record<Decision, string> = {
  keep: '',
  remove: 'A removal needs a comment: say why, then press Enter to remove.',
  'end-date': 'Choose the date the membership ends, then press Enter.',
};

/**
 * The decision on the current item: the comment (required to remove), the end date, and the three decisions. A
 * removal without a comment or an end date waits here with the field focused; Enter sends it, Escape goes back.
 */
export function DecisionPanel(p: Props) {
  const { item, state, onChange, onDecide, busy, error } = p;
  /** In the comment or the date: Enter sends the waiting decision, Escape goes back to the list. */
  const keys = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (state.pending) onDecide(state.pending);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onChange({ pending: null });
      p.onLeave();
    }
  };
  return (
    <form
      className="card decision-panel"
      aria-label="Decision"
      data-testid="decision-panel"
      onSubmit={(e) => {
        e.preventDefault();
        if (state.pending) onDecide(state.pending);
      }}
    >
      <p className="decision-target" aria-live="polite">
        {item ? (
          <>
            Deciding <strong>{item.person.name}</strong> in <span className="mono">{item.group.name}</span>
          </>
        ) : (
          'No item selected.'
        )}
      </p>
      <div className="decision-fields">
        <div className="field" data-field="comment">
          <label htmlFor="review-comment">Comment</label>
          <input
            id="review-comment"
            ref={p.commentRef}
            value={state.comment}
            maxLength={2000}
            onChange={(e) => onChange({ comment: e.target.value })}
            onKeyDown={keys}
            aria-describedby="review-pending"
          />
          <FieldProblems error={error} name="comment" />
        </div>
        <div className="field" data-field="endDate">
          <label htmlFor="review-end-date">End date</label>
          <input
            id="review-end-date"
            ref={p.dateRef}
            type="date"
            value={state.endDate}
            onChange={(e) => onChange({ endDate: e.target.value })}
            onKeyDown={keys}
          />
          <FieldProblems error={error} name="endDate" />
        </div>
        <div className="form-actions">
          {(['keep', 'remove', 'end-date'] as const).map((d) => (
            <button
              key={d}
              type="button"
              className={state.pending === d ? 'primary' : undefined}
              disabled={busy || !item}
              onClick={() => onDecide(d)}
            >
              {DECISION_LABEL[d]}
            </button>
          ))}
        </div>
      </div>
      <p id="review-pending" className="hint" role="status" data-testid="pending-hint">
        {state.pending ? PENDING_HINT[state.pending] : ''}
      </p>
      <ProblemMessage error={error} shownFields={['comment', 'endDate']} onReload={p.onReload} />
    </form>
  );
}
