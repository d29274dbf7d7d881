import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { sourcesApi } from '../api/sources.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { formatShare } from './format.ts';
import { SnapshotList } from './SnapshotList.tsx';
import { SnapshotUpload } from './SnapshotUpload.tsx';
import { SourceEditDialog } from './SourceEditDialog.tsx';

/** One system of record: its settings (editable by system administrators) and what it has on record. */
export function SourcePage() {
  const name = useParams().name ?? '';
  const user = useUser();
  const source = useResource((signal) => sourcesApi.get(name, signal), [name]);
  const [editing, setEditing] = useState(false);
  usePageTitle(source.status === 'ready' ? source.data.data.label : 'Source');

  return (
    <Loaded resource={source} what="Loading the source">
      {({ data: s, etag }) => (
        <article data-testid="source-page">
          <nav className="crumbs" aria-label="Breadcrumb">
            <Link to="/sources">Sources</Link> / {s.name}
          </nav>
          <div className="page-head">
            <h1>{s.label}</h1>
            <span className="badge badge-brand mono">{s.name}</span>
            {user.abilities['sources:configure'] && (
              <div className="actions">
                <button type="button" onClick={() => setEditing(true)}>
                  Edit settings
                </button>
              </div>
            )}
          </div>
          <section className="card" aria-labelledby="source-settings-h">
            <h2 id="source-settings-h">Settings</h2>
            <dl className="facts" data-testid="source-settings">
              <dt>Name</dt>
              <dd className="mono">{s.name}</dd>
              <dt>Label</dt>
              <dd>{s.label}</dd>
              <dt>Description</dt>
              <dd>{s.description || '—'}</dd>
              <dt>Affiliation kinds</dt>
              <dd>{s.kinds.length ? s.kinds.join(', ') : 'any'}</dd>
              <dt>Hold threshold</dt>
              <dd data-testid="hold-threshold">{formatShare(s.holdThreshold)} of its records</dd>
              <dt>Unmatched records</dt>
              <dd>{s.createPeople ? 'create a person' : 'wait for review'}</dd>
              <dt>Near-matches</dt>
              <dd>{s.reviewNearMatches ? 'flagged for review' : 'its identifiers are trusted'}</dd>
              <dt>Affiliations on record</dt>
              <dd data-testid="affiliation-count">{s.affiliations.toLocaleString('en-GB')}</dd>
              <dt>Record</dt>
              <dd className="muted">
                registered {formatDateTime(s.createdAt)}, changed {formatDateTime(s.updatedAt)}, version {s.version}
              </dd>
            </dl>
            {!user.abilities['sources:configure'] && (
              <p className="muted">Only system administrators change a source’s settings.</p>
            )}
          </section>
          <SnapshotList source={s.name} />
          {user.abilities['sources:feed'] && <SnapshotUpload source={s.name} />}
          {editing && (
            <SourceEditDialog
              source={s}
              etag={etag}
              onClose={() => setEditing(false)}
              onDone={() => {
                setEditing(false);
                source.reload();
              }}
              onReload={() => {
                setEditing(false);
                source.reload();
              }}
            />
          )}
        </article>
      )}
    </Loaded>
  );
}
