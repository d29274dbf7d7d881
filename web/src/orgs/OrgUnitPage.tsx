import { Link, useParams } from 'react-router';
import { orgsApi } from '../api/orgs.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDate, formatValidity, isEnded } from '../components/format.ts';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { CustomFieldsView } from './CustomFieldsView.tsx';
import { OfficerList } from './OfficerList.tsx';
import { UnitActions } from './UnitActions.tsx';
import { UnitPeople } from './UnitPeople.tsx';

/** One unit: what it is, when it is valid, its custom fields, officers (own or inherited), children and people. */
export function OrgUnitPage() {
  const id = Number(useParams().id);
  const { abilities } = useUser();
  const unit = useResource(
    async (signal) => {
      const [tagged, kinds] = await Promise.all([orgsApi.get(id, signal), orgsApi.kinds(signal).catch(() => [])]);
      return { ...tagged, kind: kinds.find((k) => k.kind === tagged.data.kind) };
    },
    [id],
  );
  usePageTitle(unit.status === 'ready' ? unit.data.data.name : 'Organisation unit');

  return (
    <Loaded resource={unit} what="Loading the unit">
      {({ data: u, etag, kind }) => {
        const ended = isEnded(u.validTo);
        return (
          <article data-testid="unit-page">
            <nav className="crumbs" aria-label="Breadcrumb">
              <Link to="/orgs">Organisations</Link>
              {u.ancestors.map((a) => (
                <span key={a.id}>
                  {' '}
                  / <Link to={`/orgs/${a.id}`}>{a.name}</Link>
                </span>
              ))}
              {' / '}
              {u.code}
            </nav>
            <div className="page-head">
              <h1>{u.name}</h1>
              <span className="badge badge-brand">{kind?.label ?? u.kind}</span>
              {ended ? (
                <span className="badge badge-bad">ended {formatDate(u.validTo)}</span>
              ) : u.current ? (
                <span className="badge badge-ok">current</span>
              ) : (
                <span className="badge badge-warn">not yet valid</span>
              )}
            </div>
            {abilities['orgs:write'] && <UnitActions unit={u} etag={etag} kind={kind} onChanged={unit.reload} />}
            <div className="grid-2">
              <section className="card" aria-labelledby="unit-facts-h">
                <h2 id="unit-facts-h">About</h2>
                <dl className="facts">
                  <dt>Kind</dt>
                  <dd>
                    {kind?.label ?? u.kind} <span className="mono muted">{u.kind}</span>
                  </dd>
                  <dt>Code</dt>
                  <dd className="mono">{u.code}</dd>
                  <dt>Name</dt>
                  <dd>{u.name}</dd>
                  <dt>Abbreviation</dt>
                  <dd>{u.abbreviation ?? '—'}</dd>
                  <dt>Alternate names</dt>
                  <dd>{u.altNames.length ? u.altNames.join(', ') : '—'}</dd>
                  <dt>Valid from</dt>
                  <dd>{formatDate(u.validFrom)}</dd>
                  <dt>Valid to</dt>
                  <dd>{formatDate(u.validTo)}</dd>
                  <dt>People</dt>
                  <dd data-testid="people-count">
                    {u.counts.currentPeople} current, in {u.counts.currentAffiliations} affiliation
                    {u.counts.currentAffiliations === 1 ? '' : 's'} here and below
                  </dd>
                  <dt>Units below</dt>
                  <dd>
                    {u.counts.descendants} ({u.counts.currentDescendants} current)
                  </dd>
                </dl>
              </section>
              <section className="card" aria-labelledby="unit-custom-h">
                <h2 id="unit-custom-h">Custom fields</h2>
                <CustomFieldsView fields={kind?.fields ?? []} values={u.custom} />
              </section>
            </div>
            <div className="grid-2">
              <OfficerList
                officers={u.officers}
                fn="administrator"
                title="Administrators"
                onRemoved={abilities['orgs:write'] ? unit.reload : undefined}
              />
              <OfficerList
                officers={u.officers}
                fn="approver"
                title="Approvers"
                onRemoved={abilities['orgs:write'] ? unit.reload : undefined}
              />
            </div>
            <section className="card" aria-labelledby="unit-children-h">
              <h2 id="unit-children-h">Units in {u.name}</h2>
              {u.children.length === 0 ? (
                <Empty>None.</Empty>
              ) : (
                <ul className="plain" data-testid="children">
                  {u.children.map((c) => (
                    <li key={c.id} className={isEnded(c.validTo) ? 'ended' : undefined}>
                      <Link to={`/orgs/${c.id}`}>{c.name}</Link> <span className="mono muted">{c.code}</span>{' '}
                      <span className="badge">{c.kind}</span>{' '}
                      <span className="validity">{formatValidity(c.validFrom, c.validTo)}</span>
                      {isEnded(c.validTo) && (
                        <>
                          {' '}
                          <span className="badge badge-bad">ended</span>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <UnitPeople unitId={u.id} version={u.version} />
          </article>
        );
      }}
    </Loaded>
  );
}
