import { Link } from 'react-router';
import type { Affiliation } from '../api/people-types.ts';
import { formatValidity } from '../components/format.ts';
import { Empty } from '../components/States.tsx';

/** A person's affiliations: the unit, as what, with which title, valid when, from which source. */
export function AffiliationTable({ affiliations }: { affiliations: Affiliation[] }) {
  if (!affiliations.length) return <Empty>No affiliations.</Empty>;
  return (
    <div className="table-wrap">
      <table data-testid="affiliations">
        <thead>
          <tr>
            <th>Organisation</th>
            <th>As</th>
            <th>Title</th>
            <th>Valid</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {affiliations.map((a) => (
            <tr key={a.id} className={a.current ? undefined : 'ended'}>
              <td>
                <Link to={`/orgs/${a.orgId}`}>{a.orgName}</Link> <span className="mono muted">{a.orgCode}</span>
              </td>
              <td>{a.kind}</td>
              <td>{a.title ?? '—'}</td>
              <td>
                {formatValidity(a.validFrom, a.validTo) || 'open'}{' '}
                {a.current ? (
                  <span className="badge badge-ok">current</span>
                ) : (
                  <span className="badge">not current</span>
                )}
              </td>
              <td>{a.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
