import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useResource } from '../api/use-resource.ts';
import { Field } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { type AccessAssignment, accessApi } from './access-api.ts';
import { AssignedMessage } from './AssignedMessage.tsx';
import { ScopeChoice, type ScopeKind } from './ScopeChoice.tsx';
import { useSubmit } from '../components/use-submit.ts';

const ids = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

/**
 * Assign a role to many people, groups and scopes at once: pick the application, the
 * role, the people or groups, and the scope (units — only those the chosen application's
 * abilities say the caller may assign in are offered —, everywhere, or wherever the person is
 * affiliated; the server refuses a scope the caller may not assign in), and the dates; one
 * request, all or nothing.
 */
export function ScopeWizardPage() {
  usePageTitle('Assign roles');
  const [params] = useSearchParams();
  const apps = useResource((signal) => accessApi.apps(signal), []);
  const units = useResource((signal) => accessApi.units(signal), []);
  const [appName, setAppName] = useState(params.get('app') ?? '');
  const roles = useResource((signal) => (appName ? accessApi.roles(appName, signal) : Promise.resolve([])), [appName]);
  const [roleId, setRoleId] = useState('');
  const [people, setPeople] = useState('');
  const [groups, setGroups] = useState('');
  const [scopeKind, setScopeKind] = useState<ScopeKind>('org');
  const [scopes, setScopes] = useState<Set<number>>(new Set());
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<AccessAssignment[] | null>(null);

  const chosenApp = apps.status === 'ready' ? apps.data.find((a) => a.name === appName) : undefined;

  const { error, busy, submit } = useSubmit(async () => {
    setDone(null);
    const made = await accessApi.assign({
      roleId: Number(roleId),
      subjects: [
        ...ids(people).map((id) => ({ type: 'person' as const, id })),
        ...ids(groups).map((id) => ({ type: 'group' as const, id })),
      ],
      scopes:
        scopeKind === 'org' ? [...scopes].map((orgId) => ({ kind: 'org' as const, orgId })) : [{ kind: scopeKind }],
      enabledFrom: from ? new Date(from).toISOString() : null,
      enabledUntil: until ? new Date(until).toISOString() : null,
      reason: reason || null,
    });
    setDone(made);
    setScopes(new Set());
  });

  const toggle = (id: number) =>
    setScopes((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section>
      <div className="page-head">
        <h1>Assign roles</h1>
        <Link to="/access">All applications</Link>
      </div>
      {done && <AssignedMessage made={done} />}
      <ProblemMessage error={error} shownFields={['roleId', 'subjects', 'scopes', 'enabledFrom', 'enabledUntil']} />
      <form onSubmit={submit} className="stack">
        <fieldset>
          <legend>1. Application and role</legend>
          <Loaded resource={apps} what="Loading the applications">
            {(list) => (
              <Field label="Application" name="application">
                {(c) => (
                  <select
                    {...c}
                    value={appName}
                    onChange={(e) => {
                      setAppName(e.target.value);
                      setRoleId('');
                    }}
                  >
                    <option value="">Choose…</option>
                    {list.map((a) => (
                      <option key={a.id} value={a.name}>
                        {a.label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </Loaded>
          {appName && (
            <Loaded resource={roles} what="Loading the roles">
              {(list) => (
                <Field label="Role" name="roleId" error={error}>
                  {(c) => (
                    <select {...c} value={roleId} onChange={(e) => setRoleId(e.target.value)}>
                      <option value="">Choose…</option>
                      {list.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
            </Loaded>
          )}
        </fieldset>
        <fieldset>
          <legend>2. People or groups</legend>
          <Field label="People (ids, comma separated)" name="subjects" error={error}>
            {(c) => <input {...c} value={people} onChange={(e) => setPeople(e.target.value)} />}
          </Field>
          <Field label="Groups (ids, comma separated)" name="groups">
            {(c) => <input {...c} value={groups} onChange={(e) => setGroups(e.target.value)} />}
          </Field>
        </fieldset>
        <ScopeChoice
          kind={scopeKind}
          onKind={setScopeKind}
          units={units}
          assignable={chosenApp?.abilities.assignIn.units}
          chosen={scopes}
          onToggle={toggle}
          error={error}
        />
        <fieldset>
          <legend>4. Dates and reason</legend>
          <Field label="Valid from (optional)" name="enabledFrom" error={error} hint="empty: from now on">
            {(c) => <input {...c} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="Enabled until (optional)" name="enabledUntil" error={error}>
            {(c) => <input {...c} type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />}
          </Field>
          <Field label="Reason" name="reason">
            {(c) => <input {...c} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        </fieldset>
        <button type="submit" disabled={busy || !roleId}>
          {busy ? 'Assigning…' : 'Assign'}
        </button>
      </form>
    </section>
  );
}
