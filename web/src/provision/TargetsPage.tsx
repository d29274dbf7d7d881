import { Link } from 'react-router';
import { provisionApi } from '../api/provision.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { StateBadge } from './TargetSummary.tsx';

/** Every provisioning target: its kind and state, what it holds, when it last ran and its last error. */
export function TargetsPage() {
  usePageTitle('Provisioning');
  const user = useUser();
  const targets = useResource((signal) => provisionApi.list(signal), []);
  return (
    <section>
      <div className="page-head">
        <h1>Provisioning</h1>
        {user.abilities['provision:configure'] && (
          <Link to="/provisioning/new" className="button primary">
            New target
          </Link>
        )}
      </div>
      <p className="muted">
        Steward writes accounts and groups into LDAP directories and sends change events to webhook consumers. Each
        target follows the change log; objects it could not bring in step wait in its error queue.
      </p>
      <Loaded resource={targets} what="Loading the targets">
        {(list) =>
          list.length === 0 ? (
            <Empty>No provisioning target is defined yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="targets">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col">State</th>
                    <th scope="col">Provisioned</th>
                    <th scope="col">Disabled</th>
                    <th scope="col">Pending</th>
                    <th scope="col">Errors</th>
                    <th scope="col">Last run</th>
                    <th scope="col">Last error</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((t) => (
                    <tr key={t.name} data-target={t.name}>
                      <td>
                        <Link to={`/provisioning/${encodeURIComponent(t.name)}`}>{t.label || t.name}</Link>{' '}
                        <span className="muted mono">{t.name}</span>
                      </td>
                      <td>{t.kind === 'ldap' ? 'LDAP' : 'webhook'}</td>
                      <td>
                        <StateBadge target={t} />
                      </td>
                      <td className="num">{t.counts.provisioned}</td>
                      <td className="num">{t.counts.disabled}</td>
                      <td className="num">{t.counts.pending}</td>
                      <td className="num">{t.counts.errors}</td>
                      <td className="nowrap">{t.lastRunAt ? formatDateTime(t.lastRunAt) : 'never'}</td>
                      <td>{t.lastError ?? <span className="muted">—</span>}</td>
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
