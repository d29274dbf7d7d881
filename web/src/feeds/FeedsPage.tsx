import { Link } from 'react-router';
import { feedsApi } from '../api/feeds.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { LoadedTable } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';

/** Every outbound feed: its format, schedule and how many changes it has handed out. */
export function FeedsPage() {
  usePageTitle('Feeds');
  const user = useUser();
  const feeds = useResource((signal) => feedsApi.list(signal), []);
  return (
    <section>
      <PageHead title="Feeds">
        {user.abilities['feeds:configure'] && (
          <Link to="/feeds/new" className="button primary">
            New feed
          </Link>
        )}
      </PageHead>
      <p className="muted">
        A feed selects people by their statuses, stream values and org units and emits the columns a consumer needs
        (library patrons, the ID card office, the directory, a mailing list) as CSV, LDIF or JSON lines; consumers pull
        what changed since their last pull.
      </p>
      <LoadedTable
        resource={feeds}
        what="Loading the feeds"
        empty="No feeds are defined yet."
        testId="feeds"
        columns={['Name', 'Label', 'Format', 'Schedule', 'Changes']}
      >
        {(f) => (
          <tr key={f.name} data-feed={f.name}>
            <td>
              <Link to={`/feeds/${encodeURIComponent(f.name)}`} className="mono">
                {f.name}
              </Link>
            </td>
            <td>{f.label}</td>
            <td>{f.format}</td>
            <td className="mono">{f.schedule ?? <span className="muted">on demand</span>}</td>
            <td>{f.lastSeq}</td>
          </tr>
        )}
      </LoadedTable>
    </section>
  );
}
