import { Link } from 'react-router';
import { REVIEWS_LIMIT, reviewsApi } from '../api/reviews.ts';
import { snapshotsApi } from '../api/snapshots.ts';
import { sourcesApi } from '../api/sources.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { formatShare } from './format.ts';

/** Every registered system of record: what it delivers, when its snapshots are held, what it has on record. */
export function SourcesPage() {
  usePageTitle('Sources');
  const user = useUser();
  const sources = useResource(async (signal) => {
    const [list, held, reviews] = await Promise.all([
      sourcesApi.list(signal),
      snapshotsApi.list({ state: 'held', limit: 500 }, signal),
      reviewsApi.list({}, signal),
    ]);
    return list.map((s) => ({
      ...s,
      held: held.filter((h) => h.source === s.name),
      reviews: reviews.filter((r) => r.source === s.name).length,
    }));
  }, []);
  return (
    <section>
      <div className="page-head">
        <h1>Sources of record</h1>
        <div className="actions">
          <Link className="button" to="/reviews" data-testid="reviews-link">
            Match reviews
            {sources.status === 'ready' && (
              <>
                {' '}
                <OpenReviews count={sources.data.reduce((n, s) => n + s.reviews, 0)} />
              </>
            )}
          </Link>
          {user.abilities['sources:configure'] && (
            <Link className="button primary" to="/sources/new">
              Register a source
            </Link>
          )}
        </div>
      </div>
      <p className="muted">
        Systems of record (HR, student records, housing, an office’s list) deliver snapshots of affiliations. A snapshot
        that would change more than a source’s hold threshold waits for an administrator.
      </p>
      <Loaded resource={sources} what="Loading the sources">
        {(list) =>
          list.length === 0 ? (
            <Empty>No sources are registered yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="sources">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Label</th>
                    <th scope="col">Kinds</th>
                    <th scope="col">Hold threshold</th>
                    <th scope="col">Affiliations on record</th>
                    <th scope="col">Held snapshots</th>
                    <th scope="col">Match reviews</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.name} data-source={s.name}>
                      <td>
                        <Link to={`/sources/${encodeURIComponent(s.name)}`} className="mono">
                          {s.name}
                        </Link>
                      </td>
                      <td>{s.label}</td>
                      <td>{s.kinds.length ? s.kinds.join(', ') : <span className="muted">any</span>}</td>
                      <td className="num">{formatShare(s.holdThreshold)}</td>
                      <td className="num">{s.affiliations.toLocaleString('en-GB')}</td>
                      <td data-testid="held">
                        {s.held.length === 0 ? (
                          <span className="muted">none</span>
                        ) : (
                          s.held.map((h) => (
                            <Link key={h.id} to={`/snapshots/${h.id}`} className="badge badge-warn">
                              #{h.id} held
                            </Link>
                          ))
                        )}
                      </td>
                      <td data-testid="reviews">
                        {s.reviews === 0 ? (
                          <span className="muted">none</span>
                        ) : (
                          <Link to={`/reviews?source=${encodeURIComponent(s.name)}`} className="badge badge-warn">
                            {s.reviews} open
                          </Link>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

/** The number of records waiting for review, as a badge (the list stops at the API's limit). */
function OpenReviews({ count }: { count: number }) {
  if (count === 0) return <span className="badge">none open</span>;
  return (
    <span className="badge badge-warn" data-testid="open-reviews">
      {count}
      {count >= REVIEWS_LIMIT ? '+' : ''} open
    </span>
  );
}
