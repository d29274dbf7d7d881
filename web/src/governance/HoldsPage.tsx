import { useState } from 'react';
import { Link } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import type { Hold, HoldState } from '../api/governance-types.ts';
import { useResource } from '../api/use-resource.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { formatDateTime } from '../components/format.ts';
import { PageHead } from '../components/PageHead.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { useAction } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { GovernanceNav } from './GovernanceNav.tsx';
import { FACT_WORDS, factValue, KIND_SHORT } from './grace-words.ts';

type Pending = { hold: Hold; action: 'release' | 'discard' };

const CONFIRM = {
  release: {
    title: 'Release the hold?',
    text: 'The next reconcile pass starts grace for these members on that day’s facts, with notice.',
    button: 'Release',
  },
  discard: {
    title: 'Discard the hold?',
    text: 'Nothing is applied now. A loss that persists is found, and held, again by a later pass.',
    button: 'Discard',
  },
};

function HoldCard({ hold, onDecide }: { hold: Hold; onDecide: (p: Pending) => void }) {
  const state = hold.state;
  return (
    <article className="card" data-hold={hold.id} aria-label={`Hold ${hold.id} on ${hold.group}`}>
      <h2>
        {`Hold ${hold.id}: `}
        <Link className="mono" to={`/groups/${hold.groupId}`}>
          {hold.group}
        </Link>{' '}
        <span
          className={`badge ${state === 'open' ? 'badge-warn' : state === 'released' ? 'badge-ok' : ''}`}
          data-testid="hold-state"
        >
          {state}
        </span>
      </h2>
      <p>
        {`${hold.affected} of ${hold.members} governed members would start grace (policy ${hold.policy}). `}
        {hold.reason}
      </p>
      <p className="muted">
        Held {formatDateTime(hold.createdAt)}
        {hold.releasedAt ? `; released ${formatDateTime(hold.releasedAt)} by ${hold.releasedBy ?? '?'}` : ''}
        {hold.discardedAt ? `; discarded ${formatDateTime(hold.discardedAt)}` : ''}
        {hold.appliedAt ? `; applied ${formatDateTime(hold.appliedAt)}` : ''}
      </p>
      <details>
        <summary>{`${hold.items.length} memberships`}</summary>
        <table data-testid="hold-items">
          <thead>
            <tr>
              <th scope="col">Membership</th>
              <th scope="col">Person</th>
              <th scope="col">Change</th>
              <th scope="col">From → to</th>
              <th scope="col">Grace</th>
            </tr>
          </thead>
          <tbody>
            {hold.items.map((i) => (
              <tr key={i.membershipId}>
                <td>{i.membershipId}</td>
                <td>
                  <Link to={`/people/${i.personId}`}>{`#${i.personId}`}</Link>
                </td>
                <td>{`${KIND_SHORT[i.kind]} (${FACT_WORDS[i.fact]})`}</td>
                <td>{`${factValue(i.from)} → ${factValue(i.to)}`}</td>
                <td className="num">{`${i.days} days`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {state === 'open' && (
        <div className="form-actions">
          <button type="button" className="primary" onClick={() => onDecide({ hold, action: 'release' })}>
            Release…
          </button>
          <button type="button" onClick={() => onDecide({ hold, action: 'discard' })}>
            Discard…
          </button>
        </div>
      )}
    </article>
  );
}

/**
 * Mass losses of eligibility held for release: a pass that would start grace for more than a policy's share of a
 * group's governed members writes a hold instead. Released (If-Match), the next pass applies it; discarded, not.
 */
export function HoldsPage() {
  usePageTitle('Mass-loss holds');
  const [state, setState] = useState<HoldState>('open');
  const holds = useResource((signal) => governanceApi.holds(state, signal), [state]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const { error, busy, act } = useAction(holds.reload);
  const decide = (p: Pending) =>
    act(async () => {
      setPending(null);
      await governanceApi.decideHold(p.hold, p.action, reason);
      setReason('');
    });
  return (
    <section>
      <PageHead title="Mass-loss holds" />
      <GovernanceNav />
      <label className="label" htmlFor="hold-state">
        Show
      </label>{' '}
      <select id="hold-state" value={state} onChange={(e) => setState(e.target.value as HoldState)}>
        <option value="open">open holds</option>
        <option value="released">released</option>
        <option value="discarded">discarded</option>
        <option value="all">all</option>
      </select>
      <ProblemMessage error={error} onReload={holds.reload} />
      <Loaded resource={holds} what="Loading the holds">
        {(list) =>
          list.length === 0 ? (
            <Empty>No hold.</Empty>
          ) : (
            <div data-testid="holds">
              {list.map((h) => (
                <HoldCard key={`${h.id}-${h.version}`} hold={h} onDecide={setPending} />
              ))}
            </div>
          )
        }
      </Loaded>
      <ConfirmDialog
        pending={pending}
        words={(p) => CONFIRM[p.action]}
        about={(p, text) => `Hold ${p.hold.id} on ${p.hold.group}: ${text}`}
        busy={busy}
        onConfirm={(p) => void decide(p)}
        onCancel={() => setPending(null)}
      >
        <div className="field">
          <label htmlFor="hold-reason">Reason</label>
          <textarea id="hold-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      </ConfirmDialog>
    </section>
  );
}
