import { Link, useParams } from 'react-router';
import { useResource } from '../api/use-resource.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { accessApi } from './access-api.ts';
import { PermissionForm } from './PermissionForm.tsx';
import { treeOrder } from './resource-tree.ts';
import { ResourceForm } from './ResourceForm.tsx';
import { RoleForm } from './RoleForm.tsx';

function describeLimit(l: { kind: string; from?: string | null; to?: string | null; days?: number[] }): string {
  if (l.kind === 'time-window') return `${l.from}–${l.to}`;
  if (l.kind === 'weekdays') return `days ${l.days?.join(',')}`;
  return `${l.from ?? '…'} to ${l.to ?? '…'}`;
}

/** One application: its resource tree, its roles with their permissions, and assignments per scope and role. */
export function AccessAppPage() {
  const { name = '' } = useParams();
  const app = useResource((signal) => accessApi.app(name, signal), [name]);
  const resources = useResource((signal) => accessApi.resources(name, signal), [name]);
  const roles = useResource((signal) => accessApi.roles(name, signal), [name]);
  const counts = useResource((signal) => accessApi.counts(name, signal), [name]);
  const configure = app.status === 'ready' && app.data.abilities.configure;
  const known = resources.status === 'ready' ? resources.data : [];
  usePageTitle(`Access: ${name}`);
  return (
    <section>
      <div className="page-head">
        <h1>{app.status === 'ready' ? app.data.label : name}</h1>
        <div>
          <Link to={`/access/assign?app=${encodeURIComponent(name)}`}>Assign roles…</Link>
          {' · '}
          <Link to={`/access/check?app=${encodeURIComponent(name)}`}>Check access</Link>
        </div>
      </div>
      <h2>Roles</h2>
      <Loaded resource={roles} what="Loading the roles">
        {(list) =>
          list.length === 0 ? (
            <Empty>No roles.</Empty>
          ) : (
            <ul className="plain" data-testid="roles">
              {list.map((r) => (
                <li key={r.id} data-role={r.name}>
                  <strong>{r.label}</strong> <span className="mono muted">{r.name}</span>
                  <ul data-testid="permissions">
                    {r.permissions.map((p) => (
                      <li key={p.id}>
                        {p.action} on <span className="mono">{p.resource}</span>
                        {p.limits.length > 0 && (
                          <span className="muted"> ({p.limits.map(describeLimit).join(', ')})</span>
                        )}
                      </li>
                    ))}
                  </ul>
                  {configure && (
                    <details className="add-permission">
                      <summary>Add permission</summary>
                      <PermissionForm role={r} resources={known} onAdded={roles.reload} />
                    </details>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {configure && <RoleForm app={name} onAdded={roles.reload} />}
      <h2>Resources</h2>
      <Loaded resource={resources} what="Loading the resources">
        {(list) =>
          list.length === 0 ? (
            <Empty>No resources.</Empty>
          ) : (
            <ul className="plain" data-testid="resources">
              {treeOrder(list).map(({ r, depth }) => (
                <li key={r.id} style={{ paddingLeft: `${depth * 1.5}em` }}>
                  <span className="mono">{r.name}</span>{' '}
                  {r.label !== r.name && <span className="muted">{r.label}</span>}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {configure && resources.status === 'ready' && (
        <ResourceForm app={name} resources={known} onAdded={resources.reload} />
      )}
      <h2>Assignments per scope and role</h2>
      <Loaded resource={counts} what="Loading the counts">
        {(list) =>
          list.length === 0 ? (
            <Empty>Nobody holds a role of this application (in the scopes you administer).</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="counts">
                <thead>
                  <tr>
                    <th scope="col">Scope</th>
                    <th scope="col">Role</th>
                    <th scope="col">People</th>
                    <th scope="col">Groups</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((c, i) => (
                    <tr key={i}>
                      <td>{c.orgCode ? `${c.orgCode} — ${c.orgName}` : c.scopeKind}</td>
                      <td>{c.role}</td>
                      <td>{c.people}</td>
                      <td>{c.groups}</td>
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
