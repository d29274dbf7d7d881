import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { guestRequestsApi, type RequestView } from '../api/guest-requests.ts';
import { useResource } from '../api/use-resource.ts';
import { Field } from '../components/Field.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { useSubmit } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { RequestFacts, RequestSteps } from './RequestView.tsx';

/**
 * One waiting request with a comment and the decisions the server offers (`abilities`); a conflict (someone decided
 * first) is shown and the list reloads.
 */
function Decide({ r, onDone }: { r: RequestView; onDone: () => void }) {
  const [comment, setComment] = useState('');
  // Set by the button pressed, before the form's submit runs (a ref: state would lag a render).
  const action = useRef<'approve' | 'reject'>('approve');
  const { error, busy, submit } = useSubmit(() => guestRequestsApi.decide(r, action.current, comment), onDone);
  return (
    <article className="card" data-request={r.id} aria-label={`Request ${r.id}: ${r.visitorName}`}>
      <h2>
        <Link to={`/guests/requests/${r.id}`}>{`Request ${r.id}: ${r.visitorName}`}</Link>{' '}
        <span className="badge badge-brand">{r.steps.find((s) => s.state === 'current')?.label}</span>
      </h2>
      <RequestFacts r={r} />
      <details>
        <summary>Steps so far</summary>
        <RequestSteps r={r} />
      </details>
      <form onSubmit={submit}>
        <ProblemMessage error={error} shownFields={['comment']} />
        <Field label="Comment" name="comment" error={error} hint="Required to reject: the guarantor reads it">
          {(c) => <textarea {...c} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
        <div className="form-actions">
          {r.abilities.approve && (
            <button
              type="submit"
              className="primary"
              disabled={busy}
              onClick={() => {
                action.current = 'approve';
              }}
            >
              Approve
            </button>
          )}
          {r.abilities.reject && (
            <button
              type="submit"
              disabled={busy}
              onClick={() => {
                action.current = 'reject';
              }}
            >
              Reject
            </button>
          )}
        </div>
      </form>
    </article>
  );
}

/** The approval inbox (requests whose current step waits for me) and my own requests (issue 3, story 2). */
export function InboxPage() {
  usePageTitle('Guest requests');
  const inbox = useResource((signal) => guestRequestsApi.inbox(signal), []);
  const mine = useResource((signal) => guestRequestsApi.mine(signal).catch(() => [] as RequestView[]), []);
  const reload = () => {
    inbox.reload();
    mine.reload();
  };
  return (
    <section>
      <div className="page-head">
        <h1>Guest requests</h1>
        <div className="actions">
          <Link className="button primary" to="/guests/requests/new">
            New request
          </Link>
        </div>
      </div>
      <h2>Waiting for your decision</h2>
      <Loaded resource={inbox} what="Loading your inbox">
        {(list) =>
          list.length === 0 ? (
            <Empty>Nothing waits for your decision.</Empty>
          ) : (
            <div data-testid="inbox">
              {list.map((r) => (
                <Decide key={`${r.id}-${r.version}`} r={r} onDone={reload} />
              ))}
            </div>
          )
        }
      </Loaded>
      <h2>Your requests</h2>
      <Loaded resource={mine} what="Loading your requests">
        {(list) =>
          list.length === 0 ? (
            <Empty>You have not asked for any guest yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="my-requests">
                <thead>
                  <tr>
                    <th scope="col">Request</th>
                    <th scope="col">Visitor</th>
                    <th scope="col">Department</th>
                    <th scope="col">Dates</th>
                    <th scope="col">State</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id} data-request={r.id}>
                      <td>
                        <Link to={`/guests/requests/${r.id}`}>{r.id}</Link>
                      </td>
                      <td>{r.visitorName}</td>
                      <td>{r.hostOrg?.code ?? ''}</td>
                      <td className="mono">
                        {r.validFrom} – {r.validTo}
                      </td>
                      <td>
                        {r.state}
                        {r.currentStep ? ` (${r.currentStep})` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
