import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { feedsApi } from '../api/feeds.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { Loaded } from '../components/States.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { draftOf, emptyDraft, inputOf } from './feed-draft.ts';
import { FeedForm } from './FeedForm.tsx';
import { FeedPreview } from './FeedPreview.tsx';

/** A new feed: the form, then the feed's own page. */
export function FeedCreatePage() {
  usePageTitle('New feed');
  const navigate = useNavigate();
  return (
    <section>
      <PageHead title="New feed" parent={{ to: '/feeds', label: 'Feeds', here: 'new' }} />
      <FeedForm
        initial={emptyDraft}
        creating
        onSave={async (d) => {
          const feed = await feedsApi.create(inputOf(d));
          navigate(`/feeds/${encodeURIComponent(feed.name)}`);
        }}
      />
    </section>
  );
}

/** A feed: its definition (editable by system administrators, saved with If-Match) and a preview of its rows. */
export function FeedPage() {
  const { name = '' } = useParams();
  usePageTitle(`Feed ${name}`);
  const user = useUser();
  const navigate = useNavigate();
  const feed = useResource((signal) => feedsApi.get(name, signal), [name]);
  const [error, setError] = useState<unknown>(null);
  return (
    <Loaded resource={feed} what="Loading the feed">
      {({ data, etag }) => (
        <section>
          <PageHead title={data.label} parent={{ to: '/feeds', label: 'Feeds', here: data.name }} />
          <p className="muted">
            {data.format.toUpperCase()} ·{' '}
            {data.schedule ? (
              <>
                refreshed on <span className="mono">{data.schedule}</span> (UTC)
              </>
            ) : (
              'on demand'
            )}{' '}
            · {data.lastSeq} changes handed out
            {data.lastGeneratedAt ? `, last refreshed ${new Date(data.lastGeneratedAt).toLocaleString()}` : ''}
          </p>
          <FeedPreview name={data.name} version={data.version} />
          {user.abilities['feeds:configure'] && (
            <section aria-labelledby="definition-head">
              <h2 id="definition-head">Definition</h2>
              <ProblemMessage error={error} onReload={feed.reload} />
              <FeedForm
                key={data.version}
                initial={draftOf(data)}
                creating={false}
                onSave={async (d) => {
                  const { name: _n, ...input } = inputOf(d);
                  await feedsApi.update(data.name, input, etag);
                  feed.reload();
                }}
              />
              <div className="actions">
                <button
                  type="button"
                  className="danger"
                  onClick={async () => {
                    if (!window.confirm(`Delete the feed ${data.name}, with the rows and changes it handed out?`))
                      return;
                    try {
                      await feedsApi.remove(data.name);
                      navigate('/feeds');
                    } catch (err) {
                      setError(err);
                    }
                  }}
                >
                  Delete feed
                </button>
              </div>
            </section>
          )}
        </section>
      )}
    </Loaded>
  );
}
