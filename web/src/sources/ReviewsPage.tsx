import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Review } from '../api/review-types.ts';
import { REVIEWS_LIMIT, reviewsApi } from '../api/reviews.ts';
import { sourcesApi } from '../api/sources.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { ReviewCard } from './ReviewCard.tsx';
import { ReviewOutcome } from './ReviewOutcome.tsx';
import { ReviewResolveDialog } from './ReviewResolveDialog.tsx';
import type { ReviewChoice } from './review-choice.ts';

/** Records sources sent that nearly match someone, waiting for an administrator to say who they are. */
export function ReviewsPage() {
  usePageTitle('Match reviews');
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const source = params.get('source') ?? '';
  const sources = useResource((signal) => sourcesApi.list(signal), []);
  const reviews = useResource((signal) => reviewsApi.list({ source: source || undefined }, signal), [source]);
  const [open, setOpen] = useState<{ review: Review; choice: ReviewChoice } | null>(null);
  const [settled, setSettled] = useState<Review | null>(null);

  return (
    <section data-testid="reviews-page">
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/sources">Sources</Link> / Match reviews
      </nav>
      <div className="page-head">
        <h1>Match reviews</h1>
      </div>
      <p className="muted">
        When a source’s record shares an identifier with someone whose name differs, or with several people, or nobody
        matches and the source may not create people, the record is not guessed: it waits here until an administrator
        says who it is.
      </p>
      <div className="field" style={{ maxWidth: '20rem' }}>
        <label htmlFor="review-source">Source</label>
        <select
          id="review-source"
          value={source}
          onChange={(e) => {
            setSettled(null);
            setParams(e.target.value ? { source: e.target.value } : {});
          }}
        >
          <option value="">All sources</option>
          {sources.status === 'ready' &&
            sources.data.map((s) => (
              <option key={s.name} value={s.name}>
                {s.label} ({s.name})
              </option>
            ))}
          {source && sources.status === 'ready' && !sources.data.some((s) => s.name === source) && (
            <option value={source}>{source}</option>
          )}
        </select>
      </div>
      {settled && <ReviewOutcome review={settled} />}
      {!user.abilities['sources:feed'] && <p className="muted">Only system administrators settle reviews.</p>}
      <Loaded resource={reviews} what="Loading the reviews">
        {(list) =>
          list.length === 0 ? (
            <Empty>No records are waiting for review{source ? ` from ${source}` : ''}.</Empty>
          ) : (
            <>
              <p data-testid="review-count">
                <strong>
                  {list.length}
                  {list.length >= REVIEWS_LIMIT ? '+' : ''}
                </strong>{' '}
                record{list.length === 1 ? '' : 's'} waiting, oldest first.
              </p>
              <div className="stack">
                {list.map((r) => (
                  <ReviewCard
                    key={r.id}
                    review={r}
                    onChoose={user.abilities['sources:feed'] ? (choice) => setOpen({ review: r, choice }) : undefined}
                  />
                ))}
              </div>
            </>
          )
        }
      </Loaded>
      {open && (
        <ReviewResolveDialog
          review={open.review}
          choice={open.choice}
          onClose={() => setOpen(null)}
          onDone={(done) => {
            setOpen(null);
            setSettled(done);
            reviews.reload();
          }}
        />
      )}
    </section>
  );
}
