import { Link } from 'react-router';
import { guestRequestsApi } from '../api/guest-requests.ts';
import { useResource } from '../api/use-resource.ts';
import { Empty, Loaded } from '../components/States.tsx';

/**
 * "Requests waiting per approver" for the guest report page: each approver of a current step, how many wait and since
 * when.
 */
export function WaitingByApproverTable() {
  const report = useResource((signal) => guestRequestsApi.waiting(signal), []);
  return (
    <>
      <div className="page-head">
        <h2>Requests waiting per approver</h2>
        <a href={guestRequestsApi.waitingCsvUrl} download>
          CSV
        </a>
      </div>
      <Loaded resource={report} what="Loading the waiting requests">
        {(r) =>
          r.approvers.length === 0 ? (
            <Empty>No request waits for a decision.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="waiting-by-approver">
                <thead>
                  <tr>
                    <th scope="col">Approver</th>
                    <th scope="col">Step</th>
                    <th scope="col">Waiting</th>
                    <th scope="col">Oldest since</th>
                    <th scope="col">Days</th>
                    <th scope="col">Requests</th>
                  </tr>
                </thead>
                <tbody>
                  {r.approvers.map((a) => (
                    <tr key={`${a.kind}-${a.personId ?? a.office}-${a.step}`} data-approver={a.name}>
                      <td>{a.name}</td>
                      <td>{a.step}</td>
                      <td className="num" data-col="waiting">
                        {a.waiting}
                      </td>
                      <td className="mono">{a.oldestSince}</td>
                      <td className="num">{a.oldestDays}</td>
                      <td>
                        {a.requestIds.map((id, i) => (
                          <span key={id}>
                            {i > 0 ? ', ' : ''}
                            <Link to={`/guests/requests/${id}`}>{id}</Link>
                          </span>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </>
  );
}
