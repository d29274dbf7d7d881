import { Link } from 'react-router';
import type { Person } from '../api/people-types.ts';
import { formatDate, formatValidity } from '../components/format.ts';
import { IdentifierList } from './IdentifierList.tsx';

/** One side of a merge: everything the record holds, to compare with the other side. */
export function MergeSide({ person: p, onClear }: { person: Person; onClear: () => void }) {
  return (
    <div>
      <p>
        <Link to={`/people/${p.id}`}>
          <strong>{p.displayName}</strong>
        </Link>{' '}
        <span className="muted">#{p.id}</span>{' '}
        {p.state === 'merged' && <span className="badge badge-warn">merged into #{p.mergedInto}</span>}
      </p>
      <dl className="facts">
        <dt>Names</dt>
        <dd>
          {[p.givenName, p.middleName, p.familyName].filter(Boolean).join(' ')}
          {p.preferredName && <span className="muted"> (goes by {p.preferredName})</span>}
        </dd>
        <dt>Birth date</dt>
        <dd>{formatDate(p.birthDate)}</dd>
        <dt>Email</dt>
        <dd>{p.emails.map((e) => e.address).join(', ') || '—'}</dd>
        <dt>Phone</dt>
        <dd>{p.phones.map((e) => e.number).join(', ') || '—'}</dd>
        <dt>Identifiers</dt>
        <dd>
          <IdentifierList identifiers={p.identifiers} compact />
        </dd>
        <dt>Organisations</dt>
        <dd>
          {p.affiliations.length
            ? p.affiliations.map((a) => (
                <div key={a.id}>
                  {a.kind} in {a.orgName} <span className="muted">{formatValidity(a.validFrom, a.validTo)}</span>
                </div>
              ))
            : '—'}
        </dd>
      </dl>
      <button type="button" className="small" style={{ marginTop: '0.6rem' }} onClick={onClear}>
        Choose another
      </button>
    </div>
  );
}
