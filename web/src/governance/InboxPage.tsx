import { Link } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import type { InboxItem, MembershipRequest } from '../api/governance-types.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { RequestDecision, RequestFacts, RequestStages, RequestStateBadge } from './RequestDecision.tsx';

/** The server's links name the full path (/ui/…); the router's are below /ui. */
const route = (link: string) => link.replace(/^\/ui(?=\/)/, '');

/** A membership request waiting for me: what it asks, its stages, approve or deny with a comment. */
function MembershipItem({ item, onDone }: { item: InboxItem; onDone: () => void }) {
  const request = useResource((signal) => governanceApi.request(item.id, signal), [item.id, item.version]);
  return (
    <article className="card" data-inbox-item={`membership-request-${item.id}`} aria-label={item.summary}>
      <h3>
        <Link to={route(item.link)}>{`Membership request ${item.id}`}</Link>{' '}
        <span className="muted">{formatDateTime(item.submittedAt)}</span>
      </h3>
      <Loaded resource={request} what="Loading the request">
        {(r) => (
          <>
            <RequestFacts r={r} />
            <details>
              <summary>Stages</summary>
              <RequestStages r={r} />
            </details>
            <RequestDecision key={r.version} r={r} onDone={onDone} />
          </>
        )}
      </Loaded>
    </article>
  );
}

function GuestItem({ item }: { item: InboxItem }) {
  return (
    <article className="card" data-inbox-item={`guest-request-${item.id}`} aria-label={item.summary}>
      <h3>
        <Link to={route(item.link)}>{`Guest request ${item.id}`}</Link>{' '}
        <span className="muted">{formatDateTime(item.submittedAt)}</span>
      </h3>
      <p>{item.summary}</p>
      <p>
        <Link to={route(item.link)}>Decide on the guest request’s page</Link> or in{' '}
        <Link to="/guests/inbox">Guest requests</Link>.
      </p>
    </article>
  );
}

/**
 * The one inbox of everything the signed-in person must decide, oldest first: membership requests (approved or
 * denied here with a comment) and guest requests (decided on their own page); and the membership requests they made.
 */
export function InboxPage() {
  usePageTitle('Inbox');
  const inbox = useResource((signal) => governanceApi.inbox(signal), []);
  const mine = useResource((signal) => governanceApi.myRequests(signal).catch(() => [] as MembershipRequest[]), []);
  const reload = () => {
    inbox.reload();
    mine.reload();
  };
  return (
    <section>
      <PageHead title="Inbox">
        <div className="actions">
          <Link className="button primary" to="/governance/request">
            Request membership
          </Link>
        </div>
      </PageHead>
      <h2>Waiting for your decision</h2>
      <Loaded resource={inbox} what="Loading your inbox">
        {(items) =>
          items.length === 0 ? (
            <Empty>Nothing waits for your decision.</Empty>
          ) : (
            <div data-testid="inbox">
              {items.map((item) =>
                item.kind === 'membership-request' ? (
                  <MembershipItem key={`m-${item.id}-${item.version}`} item={item} onDone={reload} />
                ) : (
                  <GuestItem key={`g-${item.id}`} item={item} />
                ),
              )}
            </div>
          )
        }
      </Loaded>
      <h2>Your membership requests</h2>
      <LoadedTable
        resource={mine}
        what="Loading your requests"
        empty="You have not asked for any membership."
        testId="my-membership-requests"
        columns={['Request', 'Member', 'Group', 'Until', 'State']}
      >
        {(r) => (
          <tr key={r.id} data-request={r.id}>
            <td>
              <Link to={`/governance/requests/${r.id}`}>{r.id}</Link>
            </td>
            <td>{r.member.name}</td>
            <td className="mono">{r.groupName}</td>
            <td>{r.endsOn ?? '—'}</td>
            <td>
              <RequestStateBadge r={r} />
            </td>
          </tr>
        )}
      </LoadedTable>
    </section>
  );
}
