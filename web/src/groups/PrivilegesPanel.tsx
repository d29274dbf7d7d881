import { useState } from 'react';
import { useResource } from '../api/use-resource.ts';
import { Field, TextField } from '../components/Field.tsx';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { groupsApi } from './groups-api.ts';

const privileges = ['admin', 'update', 'read', 'view', 'optin', 'optout'];

/** The privileges granted on a group; those with admin grant and revoke them. */
export function PrivilegesPanel({ groupId, canAdmin }: { groupId: number; canAdmin: boolean }) {
  const list = useResource((signal) => groupsApi.privileges(groupId, signal), [groupId]);
  const [privilege, setPrivilege] = useState('read');
  const [kind, setKind] = useState<'person' | 'group'>('person');
  const [holder, setHolder] = useState('');
  const { error, busy, submit } = useSubmit(
    () =>
      groupsApi.grant(groupId, {
        privilege,
        ...(kind === 'person' ? { personId: Number(holder) } : { groupId: Number(holder) }),
      }),
    () => {
      setHolder('');
      list.reload();
    },
  );
  return (
    <>
      <h2>Privileges</h2>
      <p className="muted">Privileges on the folders above this group count too.</p>
      <Loaded resource={list} what="Loading the privileges">
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No privileges granted on this group.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="privileges">
                <thead>
                  <tr>
                    <th scope="col">Privilege</th>
                    <th scope="col">Held by</th>
                    <th scope="col">Granted</th>
                    {canAdmin && (
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => (
                    <tr key={p.id}>
                      <td>{p.privilege}</td>
                      <td>{p.personName ?? <span className="mono">{p.subjectGroupName}</span>}</td>
                      <td>
                        {p.grantedBy}, {formatDateTime(p.grantedAt)}
                      </td>
                      {canAdmin && (
                        <td>
                          <button
                            type="button"
                            className="link"
                            onClick={async () => {
                              await groupsApi.revoke(groupId, p.id);
                              list.reload();
                            }}
                          >
                            Revoke
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      {canAdmin && (
        <form onSubmit={submit} className="card" aria-label="Grant a privilege" data-testid="grant">
          <Field label="Privilege" name="privilege" error={error}>
            {(control) => (
              <select {...control} value={privilege} onChange={(e) => setPrivilege(e.target.value)}>
                {privileges.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            )}
          </Field>
          <fieldset className="inline">
            <legend>Held by</legend>
            <label>
              <input type="radio" name="holder-kind" checked={kind === 'person'} onChange={() => setKind('person')} />{' '}
              Person
            </label>
            <label>
              <input type="radio" name="holder-kind" checked={kind === 'group'} onChange={() => setKind('group')} />{' '}
              Members of a group
            </label>
          </fieldset>
          <TextField
            label={kind === 'person' ? 'Person id' : 'Group id'}
            name={kind === 'person' ? 'personId' : 'groupId'}
            value={holder}
            onChange={setHolder}
            error={error}
            required
            type="number"
          />
          <ProblemMessage error={error} shownFields={['privilege', 'personId', 'groupId']} />
          <button type="submit" disabled={busy}>
            Grant
          </button>
        </form>
      )}
    </>
  );
}
