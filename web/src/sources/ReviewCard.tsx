import { Link } from 'react-router';
import type { Review } from '../api/review-types.ts';
import { formatDate, formatDateTime } from '../components/format.ts';
import { RecordSummary } from './RecordSummary.tsx';
import { ReviewCandidates } from './ReviewCandidates.tsx';
import type { ReviewChoice } from './review-choice.ts';

interface Props {
  review: Review;
  /** Offered to system administrators: settle the review this way (after confirming). */
  onChoose?: (choice: ReviewChoice) => void;
}

/** One open match review: the record as the source sent it, why it waits, the candidates, and the ways to settle it. */
export function ReviewCard({ review: r, onChoose }: Props) {
  const headingId = `review-${r.id}-h`;
  const facts: [string, string | null | undefined][] = [
    ['Birth date', r.record.birthDate ? formatDate(r.record.birthDate) : null],
    ['ID number', r.record.idNumber],
    ['Username', r.record.username],
    ['Email', r.record.email],
  ];
  return (
    <article
      className="card"
      aria-labelledby={headingId}
      data-testid="review"
      data-review={r.id}
      data-record={r.recordKey}
    >
      <h2 id={headingId}>
        Record <span className="mono">{r.recordKey}</span> <span className="badge badge-brand mono">{r.source}</span>
      </h2>
      <p className="muted">
        {r.snapshotId === null ? (
          'From a single-record update'
        ) : (
          <>
            From <Link to={`/snapshots/${r.snapshotId}`}>snapshot #{r.snapshotId}</Link>
          </>
        )}
        , waiting since {formatDateTime(r.createdAt)}.
      </p>
      <p className="because" data-testid="review-reason">
        <strong>Why it waits:</strong> {r.reason}.
      </p>
      <dl className="facts" data-testid="review-record">
        <dt>Record</dt>
        <dd>
          <RecordSummary record={r.record} />
        </dd>
        {facts
          .filter(([, v]) => v)
          .map(([label, value]) => (
            <FactRow key={label} label={label} value={value!} />
          ))}
      </dl>
      <h3>Candidates</h3>
      <ReviewCandidates
        candidates={r.candidates}
        onChoose={onChoose && ((candidate) => onChoose({ kind: 'candidate', candidate }))}
      />
      {onChoose && (
        <div className="form-actions">
          <button type="button" onClick={() => onChoose({ kind: 'create' })}>
            A new person…
          </button>
          <button type="button" onClick={() => onChoose({ kind: 'other' })}>
            Someone else…
          </button>
          <button type="button" className="danger" onClick={() => onChoose({ kind: 'dismiss' })}>
            Dismiss…
          </button>
        </div>
      )}
    </article>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={label === 'Birth date' ? undefined : 'mono'}>{value}</dd>
    </>
  );
}
