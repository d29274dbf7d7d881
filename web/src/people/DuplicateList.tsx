import { Link } from 'react-router';
import type { DuplicateCandidate } from '../api/people-types.ts';
import { formatDate } from '../components/format.ts';
import { IdentifierList } from './IdentifierList.tsx';

/** Likely duplicates, most likely first, each with its score and the reasons for it. */
export function DuplicateList({ candidates }: { candidates: DuplicateCandidate[] }) {
  return (
    <div className="table-wrap" style={{ marginBottom: '1rem' }}>
      <table data-testid="duplicates">
        <caption className="visually-hidden">Likely duplicates</caption>
        <thead>
          <tr>
            <th>Person</th>
            <th>Birth date</th>
            <th>Identifiers</th>
            <th>Score</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c) => (
            <tr key={c.person.id}>
              <td className="nowrap">
                <Link to={`/people/${c.person.id}`}>{c.person.displayName}</Link>{' '}
                <span className="muted">#{c.person.id}</span>
              </td>
              <td className="nowrap">{formatDate(c.person.birthDate)}</td>
              <td>
                <IdentifierList identifiers={c.person.identifiers} compact />
              </td>
              <td className="score">{Math.round(c.score * 100)}%</td>
              <td className="reasons">{c.reasons.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
