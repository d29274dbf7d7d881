import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { guestRequestsApi } from '../api/guest-requests.ts';
import { useResource } from '../api/use-resource.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { RequestFacts, RequestSteps } from './RequestView.tsx';

/**
 * One guest request: its facts, each step with its decision, the minted credentials, and Withdraw when the server
 * says the signed-in user may (`abilities`).
 */
export function RequestPage() {
  const id = Number(useParams().id);
  usePageTitle(`Guest request ${id}`);
  const request = useResource((signal) => guestRequestsApi.get(id, signal), [id]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <section>
      <div className="crumbs">
        <Link to="/guests/inbox">Guest requests</Link>
      </div>
      <Loaded resource={request} what="Loading the request">
        {({ data: r }) => (
          <>
            <div className="page-head">
              <h1>{`Request ${r.id}: ${r.visitorName}`}</h1>
              <span
                className={`badge ${r.state === 'approved' ? 'badge-ok' : r.state === 'waiting' ? 'badge-brand' : 'badge-bad'}`}
                data-testid="request-state"
              >
                {r.state}
              </span>
              {r.abilities.withdraw && (
                <div className="actions">
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => {
                      setBusy(true);
                      guestRequestsApi
                        .decide(r, 'withdraw', '')
                        .then(() => request.reload(), setError)
                        .finally(() => setBusy(false));
                    }}
                  >
                    Withdraw
                  </button>
                </div>
              )}
            </div>
            <ProblemMessage error={error} onReload={request.reload} />
            {r.currentStep && (
              <p className="alert alert-info">{`Waiting for ${r.steps.find((s) => s.state === 'current')?.label ?? r.currentStep}.`}</p>
            )}
            {r.minted && (
              <div className="card" data-testid="minted">
                <h2>Credentials</h2>
                <p>
                  Username{' '}
                  <strong className="mono" data-testid="minted-username">
                    {r.minted.username ?? '—'}
                  </strong>
                  , email address{' '}
                  <strong className="mono" data-testid="minted-email">
                    {r.minted.email ?? '—'}
                  </strong>
                </p>
              </div>
            )}
            <div className="card">
              <RequestFacts r={r} />
            </div>
            <h2>Approval steps</h2>
            <RequestSteps r={r} />
            {r.guestId !== null && (
              <p>
                {r.kind === 'renewal' ? 'Renews ' : 'Created '}
                <Link to={`/guests/${r.guestId}`} data-testid="guest-link">{`guest record ${r.guestId}`}</Link>.
              </p>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
