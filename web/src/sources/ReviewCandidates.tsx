import { Link } from 'react-router';
import type { ReviewCandidate } from '../api/review-types.ts';
import { formatDate } from '../components/format.ts';
import { candidateName, matchedByText } from './review-choice.ts';

interface Props {
  candidates: ReviewCandidate[];
  /** Offered to system administrators: the record is this person. */
  onChoose?: (candidate: ReviewCandidate) => void;
}

/** The people a record nearly matched: who, why they were considered, and how alike the names are. */
export function ReviewCandidates({ candidates, onChoose }: Props) {
  if (candidates.length === 0)
    return (
      <p className="muted" data-testid="no-candidates">
        Nobody in the registry holds the record’s identifiers.
      </p>
    );
  return (
    <div className="table-wrap">
      <table data-testid="review-candidates">
        <caption className="visually-hidden">People the record nearly matches</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Birth date</th>
            <th scope="col">Considered because they hold</th>
            <th scope="col">Name similarity</th>
            {onChoose && (
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {candidates.map((c) => (
            <tr key={c.personId} data-candidate={c.personId}>
              <td className="nowrap">
                <Link to={`/people/${c.personId}`}>{candidateName(c)}</Link>{' '}
                <span className="muted">#{c.personId}</span>
              </td>
              <td className="nowrap">{formatDate(c.birthDate)}</td>
              <td className="reasons">{matchedByText(c) || <span className="muted">none of them any more</span>}</td>
              <td className="score">
                {c.similarity === null ? <span className="muted">no name</span> : `${Math.round(c.similarity * 100)} %`}
              </td>
              {onChoose && (
                <td>
                  <button type="button" onClick={() => onChoose(c)}>
                    Same person as {candidateName(c)}…
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
