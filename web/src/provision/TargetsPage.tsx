import { Link } from 'react-router';
import { provisionApi } from '../api/provision.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDateTime } from '../components/format.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { kindLabel } from './target-draft.ts';
import { StateBadge } from './TargetSummary.tsx';

/** Every provisioning target: its kind and state, what it holds, when it last ran and its last error. */
export function TargetsPage() {
  usePageTitle('Provisioning');
  const user = useUser();
  const targets = useResource((signal) => provisionApi.list(signal), []);
  return (
    <section>
      <PageHead title="Provisioning">
        {user.abilities['provision:configure'] && (
          <Link to="/provisioning/new" className="button primary">
            New target
          </Link>
        )}
      </PageHead>
      <p className="muted">
        Steward writes accounts and groups into LDAP directories and SCIM applications and sends change events to
        webhook consumers. Each target follows the change log; objects it could not bring in step wait in its error
        queue.
      </p>
      <LoadedTable
        resource={targets}
        what="Loading the targets"
        empty="No provisioning target is defined yet."
        testId="targets"
        columns={['Name', 'Kind', 'State', 'Provisioned', 'Disabled', 'Pending', 'Errors', 'Last run', 'Last error']}
      >
        {(t) => (
          <tr key={t.name} data-target={t.name}>
            <td>
              <Link to={`/provisioning/${encodeURIComponent(t.name)}`}>{t.label || t.name}</Link>{' '}
              <span className="muted mono">{t.name}</span>
            </td>
            <td>{kindLabel(t.kind, 'short')}</td>
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
        )}
      </LoadedTable>
    </section>
  );
}
