import { Link } from 'react-router';
import { accessReviewsApi } from '../api/access-reviews.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';

/**
 * The groups whose attestation is due (never attested, or longer ago than their period) that the user administers,
 * each with a button that starts a review of it.
 */
export function AttestationDue({ onReview }: { onReview: (groupName: string) => void }) {
  const due = useResource((signal) => accessReviewsApi.due(signal), []);
  return (
    <>
      <h2>Attestation due</h2>
      <LoadedTable
        resource={due}
        what="Loading the groups due for attestation"
        empty="No group is due for attestation."
        testId="attestation-due"
        columns={['Group', 'Every', 'Last attested', 'Due']}
        actions
      >
        {(a) => (
          <tr key={a.groupId} data-group={a.groupName}>
            <td>
              <Link to={`/groups/${a.groupId}`} className="mono">
                {a.groupName}
              </Link>
            </td>
            <td>{a.everyDays ? `${a.everyDays} days` : '—'}</td>
            <td>{a.attestedAt ? formatDateTime(a.attestedAt) : 'never'}</td>
            <td>{a.dueAt ? formatDateTime(a.dueAt) : 'now'}</td>
            <td>
              <button type="button" className="small" onClick={() => onReview(a.groupName)}>
                Review {a.groupName}
              </button>
            </td>
          </tr>
        )}
      </LoadedTable>
    </>
  );
}
