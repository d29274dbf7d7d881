import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { snapshotsApi } from '../api/snapshots.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { SnapshotDecisionDialog } from './SnapshotDecisionDialog.tsx';
import { SnapshotDiff } from './SnapshotDiff.tsx';
import { count, StateBadge } from './SnapshotState.tsx';

const alertOf: Record<string, string> = {
  held: 'alert-warn',
  failed: 'alert-error',
  applied: 'alert-ok',
  discarded: 'alert-info',
  'dry-run': 'alert-info',
};

/**
 * One snapshot a source delivered: the decision in words, its counts, its errors by line
 * and — while it is held or a dry run — the differences; a held one is released or discarded here.
 */
export function SnapshotPage() {
  const id = Number(useParams().id);
  const user = useUser();
  const snapshot = useResource((signal) => snapshotsApi.get(id, signal), [id]);
  const [deciding, setDeciding] = useState<'release' | 'discard' | null>(null);
  usePageTitle(`Snapshot #${id}`);

  return (
    <Loaded resource={snapshot} what="Loading the snapshot">
      {(s) => (
        <article data-testid="snapshot-page">
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/sources">Sources</Link> / <Link to={`/sources/${encodeURIComponent(s.source)}`}>{s.source}</Link>{' '}
            / snapshot #{s.id}
          </nav>
          <div className="page-head">
            <h1>
              Snapshot #{s.id} of {s.source}
            </h1>
            <StateBadge state={s.state} />
            {s.dryRun && s.state !== 'dry-run' && <span className="badge">dry run</span>}
            {(s.state === 'held' || s.state === 'dry-run') && user.abilities['sources:feed'] && (
              <div className="actions">
                {s.state === 'held' && (
                  <button
                    type="button"
                    className="primary"
                    onClick={() => setDeciding('release')}
                    disabled={s.errorLines > 0}
                    title={
                      s.errorLines > 0
                        ? 'a snapshot with errors cannot be applied by halves: correct the file and send it again'
                        : undefined
                    }
                  >
                    Release…
                  </button>
                )}
                <button type="button" className="danger" onClick={() => setDeciding('discard')}>
                  Discard…
                </button>
              </div>
            )}
          </div>
          {s.decision && (
            <div className={`alert ${alertOf[s.state] ?? 'alert-info'}`} role="status" data-testid="snapshot-decision">
              <p>{s.decision}</p>
            </div>
          )}
          <div className="grid-2">
            <section className="card" aria-labelledby="snap-counts-h">
              <h2 id="snap-counts-h">Counts</h2>
              <dl className="facts" data-testid="snapshot-counts">
                <dt>Records</dt>
                <dd>{count(s.records)}</dd>
                <dt>Added</dt>
                <dd data-count="added">{count(s.added)}</dd>
                <dt>Changed</dt>
                <dd data-count="changed">{count(s.changed)}</dd>
                <dt>Removed</dt>
                <dd data-count="removed">{count(s.removed)}</dd>
                <dt>Unchanged</dt>
                <dd>{count(s.unchanged)}</dd>
                <dt>Lines with errors</dt>
                <dd>{count(s.errorLines)}</dd>
                <dt>People created</dt>
                <dd>{count(s.peopleCreated)}</dd>
                <dt>Left for review</dt>
                <dd>{count(s.reviews)}</dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="snap-when-h">
              <h2 id="snap-when-h">Received and decided</h2>
              <dl className="facts">
                <dt>Format</dt>
                <dd>{s.format === 'csv' ? 'CSV' : 'JSON lines'}</dd>
                <dt>Received</dt>
                <dd>
                  {formatDateTime(s.receivedAt)} by {s.receivedBy}
                </dd>
                <dt>Decided</dt>
                <dd>
                  {s.decidedAt ? `${formatDateTime(s.decidedAt)}${s.decidedBy ? ` by ${s.decidedBy}` : ''}` : '—'}
                </dd>
                <dt>Finished</dt>
                <dd>{formatDateTime(s.finishedAt)}</dd>
                {s.reason && (
                  <>
                    <dt>Why</dt>
                    <dd className="mono">{s.reason}</dd>
                  </>
                )}
                {s.resumes !== null && (
                  <>
                    <dt>Finishes</dt>
                    <dd>
                      <Link to={`/snapshots/${s.resumes}`}>snapshot #{s.resumes}</Link>
                    </dd>
                  </>
                )}
              </dl>
            </section>
          </div>
          <section className="card" aria-labelledby="snap-errors-h">
            <h2 id="snap-errors-h">Errors by line</h2>
            {s.errors.length === 0 ? (
              <Empty>No errors.</Empty>
            ) : (
              <>
                {s.errorCount > s.errors.length && (
                  <p className="muted">
                    The first {s.errors.length.toLocaleString('en-GB')} of {s.errorCount.toLocaleString('en-GB')}{' '}
                    errors.
                  </p>
                )}
                <div className="table-wrap">
                  <table data-testid="snapshot-errors">
                    <thead>
                      <tr>
                        <th scope="col" className="num">
                          Line
                        </th>
                        <th scope="col">Field</th>
                        <th scope="col">Problem</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.errors.map((e, i) => (
                        <tr key={i}>
                          <td className="num">{e.line}</td>
                          <td className="mono">{e.field}</td>
                          <td>
                            {e.message} <span className="rule">({e.rule})</span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </section>
          {(s.state === 'held' || s.state === 'dry-run') && <SnapshotDiff snapshot={s} />}
          {deciding && (
            <SnapshotDecisionDialog
              snapshot={s}
              decision={deciding}
              onClose={() => setDeciding(null)}
              onDone={() => {
                setDeciding(null);
                snapshot.reload();
              }}
            />
          )}
        </article>
      )}
    </Loaded>
  );
}
