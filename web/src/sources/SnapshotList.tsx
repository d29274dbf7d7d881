import { Link } from 'react-router';
import { snapshotsApi } from '../api/snapshots.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { count, StateBadge } from './SnapshotState.tsx';

/** A source's recent snapshots, newest first: state, counts and the decision. */
export function SnapshotList({ source }: { source: string }) {
  const snapshots = useResource((signal) => snapshotsApi.list({ source, limit: 20 }, signal), [source]);
  return (
    <section className="card" aria-labelledby="snapshots-h">
      <h2 id="snapshots-h">Recent snapshots</h2>
      <Loaded resource={snapshots} what="Loading the snapshots">
        {(list) =>
          list.length === 0 ? (
            <Empty>No snapshots received yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="snapshots">
                <thead>
                  <tr>
                    <th scope="col">Snapshot</th>
                    <th scope="col">State</th>
                    <th scope="col">Received</th>
                    <th scope="col" className="num">
                      Records
                    </th>
                    <th scope="col" className="num">
                      Added
                    </th>
                    <th scope="col" className="num">
                      Changed
                    </th>
                    <th scope="col" className="num">
                      Removed
                    </th>
                    <th scope="col" className="num">
                      Lines with errors
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((s) => (
                    <tr key={s.id} data-snapshot={s.id}>
                      <td>
                        <Link to={`/snapshots/${s.id}`}>#{s.id}</Link>
                        {s.dryRun && <span className="muted"> (dry run)</span>}
                      </td>
                      <td>
                        <StateBadge state={s.state} />
                      </td>
                      <td>
                        <time dateTime={s.receivedAt}>{formatDateTime(s.receivedAt)}</time>{' '}
                        <span className="muted">by {s.receivedBy}</span>
                      </td>
                      <td className="num">{count(s.records)}</td>
                      <td className="num">{count(s.added)}</td>
                      <td className="num">{count(s.changed)}</td>
                      <td className="num">{count(s.removed)}</td>
                      <td className="num">
                        {s.errorLines ? <span className="badge badge-bad">{count(s.errorLines)}</span> : '0'}
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
