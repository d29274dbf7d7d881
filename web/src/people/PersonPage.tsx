import { Link, useLocation, useParams } from 'react-router';
import { peopleApi } from '../api/people.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { formatDate, formatDateTime } from '../components/format.ts';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { AffiliationTable } from './AffiliationTable.tsx';
import { IdentifierList } from './IdentifierList.tsx';
import { MintButtons } from './MintButtons.tsx';
import { PersonHistory } from './PersonHistory.tsx';
import { PersonProvisioning } from './PersonProvisioning.tsx';
import { PersonStatus } from './PersonStatus.tsx';

/** One person: names, contacts, identifiers, status, organisations, state and the history of changes. */
export function PersonPage() {
  const id = Number(useParams().id);
  const { abilities } = useUser();
  const mergedFrom = (useLocation().state as { mergedFrom?: number } | null)?.mergedFrom;
  const person = useResource((signal) => peopleApi.get(id, signal), [id]);
  usePageTitle(person.status === 'ready' ? person.data.data.displayName : 'Person');

  return (
    <Loaded resource={person} what="Loading the person">
      {({ data: p }) => (
        <article data-testid="person-page">
          <div className="crumbs">
            <Link to="/people">People</Link> / #{p.id}
          </div>
          <div className="page-head">
            <h1>{p.displayName}</h1>
            {p.state === 'merged' ? (
              <span className="badge badge-warn">merged</span>
            ) : (
              <span className="badge badge-ok">active</span>
            )}
            {p.state === 'active' && abilities['people:update'] && (
              <div className="actions">
                {abilities['people:merge'] && (
                  <Link className="button" to={`/people/merge?survivor=${p.id}`}>
                    Merge another record into this one
                  </Link>
                )}
                <Link className="button primary" to={`/people/${p.id}/edit`}>
                  Edit
                </Link>
              </div>
            )}
          </div>
          {mergedFrom !== undefined && p.state === 'active' && (
            <div className="alert alert-ok" role="status" data-testid="merged-notice">
              <p>
                Merged <Link to={`/people/${mergedFrom}`}>person #{mergedFrom}</Link> into this record. That record is
                now a tombstone pointing here.
              </p>
            </div>
          )}
          {p.state === 'merged' && p.mergedInto !== null && (
            <div className="alert alert-warn" role="status" data-testid="tombstone">
              <p>
                <strong>This record is a tombstone.</strong> It was merged into{' '}
                <Link to={`/people/${p.mergedInto}`}>person #{p.mergedInto}</Link>, which holds everything it knew. It
                is kept so old references still resolve, and is never reused.
              </p>
            </div>
          )}
          <div className="grid-2">
            <section className="card" aria-labelledby="names-h">
              <h2 id="names-h">Names and contact</h2>
              <dl className="facts">
                <dt>Given name</dt>
                <dd>{p.givenName || '—'}</dd>
                <dt>Middle name</dt>
                <dd>{p.middleName ?? '—'}</dd>
                <dt>Family name</dt>
                <dd>{p.familyName}</dd>
                <dt>Preferred name</dt>
                <dd>{p.preferredName ?? '—'}</dd>
                <dt>Birth date</dt>
                <dd>{formatDate(p.birthDate)}</dd>
                <dt>Email</dt>
                <dd>
                  {p.emails.length
                    ? p.emails.map((e) => (
                        <div key={e.address}>
                          {e.address}
                          {e.label && <span className="muted"> ({e.label})</span>}
                        </div>
                      ))
                    : '—'}
                </dd>
                <dt>Phone</dt>
                <dd>
                  {p.phones.length
                    ? p.phones.map((ph) => (
                        <div key={ph.number}>
                          {ph.number}
                          {ph.label && <span className="muted"> ({ph.label})</span>}
                        </div>
                      ))
                    : '—'}
                </dd>
                <dt>Record</dt>
                <dd className="muted">
                  created {formatDateTime(p.createdAt)}, changed {formatDateTime(p.updatedAt)}, version {p.version}
                </dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="ids-h">
              <h2 id="ids-h">Identifiers</h2>
              <IdentifierList identifiers={p.identifiers} />
              {p.state === 'active' && abilities['people:mint'] && <MintButtons person={p} onMinted={person.reload} />}
            </section>
          </div>
          <PersonStatus personId={p.id} version={p.version} affiliations={p.affiliations} />
          <section className="card" aria-labelledby="aff-h">
            <h2 id="aff-h">Organisations</h2>
            <AffiliationTable affiliations={p.affiliations} />
          </section>
          <PersonProvisioning personId={p.id} version={p.version} />
          <PersonHistory id={p.id} version={p.version} />
        </article>
      )}
    </Loaded>
  );
}
