import { Link } from 'react-router';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { accessApi } from './access-api.ts';
import { AppForm } from './AppForm.tsx';

/**
 * Applications whose roles Steward manages, with links to assign roles and to check access; whoever may configure
 * access (the session's `access:configure`) registers new ones here.
 */
export function AccessAppsPage() {
  usePageTitle('Access');
  const configure = useUser().abilities['access:configure'];
  const apps = useResource((signal) => accessApi.apps(signal), []);
  return (
    <section>
      <div className="page-head">
        <h1>Access</h1>
        <div>
          <Link to="/access/assign">Assign roles…</Link>
          {' · '}
          <Link to="/access/check">Check access</Link>
        </div>
      </div>
      <Loaded resource={apps} what="Loading the applications">
        {(list) =>
          list.length === 0 ? (
            <Empty>No applications yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="applications">
                <thead>
                  <tr>
                    <th scope="col">Application</th>
                    <th scope="col">Name</th>
                    <th scope="col">Time zone</th>
                    <th scope="col">Actions implying others</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((a) => (
                    <tr key={a.id}>
                      <td>
                        <Link to={`/access/apps/${encodeURIComponent(a.name)}`}>{a.label}</Link>
                      </td>
                      <td className="mono">{a.name}</td>
                      <td>{a.timeZone}</td>
                      <td>
                        {Object.entries(a.implications)
                          .map(([k, v]) => `${k} → ${v.join(', ')}`)
                          .join('; ') || '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {configure && <AppForm />}
    </section>
  );
}
