import { Link, useParams } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import { useResource } from '../api/use-resource.ts';
import { PageHead } from '../components/PageHead.tsx';
import { Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { RequestDecision, RequestFacts, RequestStages, RequestStateBadge } from './RequestDecision.tsx';

/** One membership request: what it asks, its stages and decisions, and the decisions the signed-in user may take. */
export function MembershipRequestPage() {
  const id = Number(useParams().id);
  usePageTitle(`Membership request ${id}`);
  const request = useResource((signal) => governanceApi.request(id, signal), [id]);
  return (
    <section>
      <Loaded resource={request} what="Loading the request">
        {(r) => (
          <>
            <PageHead
              title={`Membership request ${r.id}: ${r.member.name} in ${r.groupName}`}
              parent={{ to: '/inbox', label: 'Inbox', here: `request ${r.id}` }}
            >
              <RequestStateBadge r={r} />
            </PageHead>
            <div className="card">
              <RequestFacts r={r} />
            </div>
            {r.checks.length > 0 && (
              <div className="alert alert-error" data-testid="failed-checks">
                <p>
                  <strong>Checks that failed when last run:</strong>
                </p>
                <ul>
                  {r.checks.map((c, i) => (
                    <li key={i}>
                      {c.message} <span className="rule">({c.rule})</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <h2>Approval stages</h2>
            <RequestStages r={r} />
            <RequestDecision key={r.version} r={r} onDone={request.reload} />
            {r.membershipId !== null && (
              <p>
                Added as{' '}
                <Link to={`/groups/${r.groupId}`} data-testid="membership-link">{`membership ${r.membershipId}`}</Link>.
              </p>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
