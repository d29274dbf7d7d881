import { Link } from 'react-router';
import type { Review } from '../api/review-types.ts';
import { recordName } from './review-choice.ts';

/** What became of the review just settled, with a link to the record's person. */
export function ReviewOutcome({ review: r }: { review: Review }) {
  const record = (
    <>
      <span className="mono">{r.recordKey}</span> of {r.source}
    </>
  );
  const name = r.state === 'created' ? recordName(r) : r.candidates.find((c) => c.personId === r.personId)?.name;
  const person =
    r.personId === null ? null : (
      <>
        <Link to={`/people/${r.personId}`}>{name ?? `person #${r.personId}`}</Link>{' '}
        <span className="muted">#{r.personId}</span>
      </>
    );
  return (
    <div className="alert alert-ok" role="status" data-testid="review-outcome" data-state={r.state}>
      {r.state === 'matched' && (
        <p>
          Record {record} now belongs to {person ?? 'the person you chose'}.
        </p>
      )}
      {r.state === 'created' && (
        <p>
          A new person, {person ?? 'made from the record'}, now holds record {record}.
        </p>
      )}
      {r.state === 'dismissed' && <p>Record {record} was dismissed; nothing of it was applied.</p>}
    </div>
  );
}
