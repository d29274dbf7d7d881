import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import type { MembershipRequest } from '../api/governance-types.ts';
import { Field } from '../components/Field.tsx';
import { formatDateTime } from '../components/format.ts';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useSubmit } from '../components/use-submit.ts';

const STATE_BADGE: Record<MembershipRequest['state'], string> = {
  pending: 'badge-brand',
  approved: 'badge-ok',
  denied: 'badge-bad',
  withdrawn: '',
};

export function RequestStateBadge({ r }: { r: Pick<MembershipRequest, 'state'> }) {
  return (
    <span className={`badge ${STATE_BADGE[r.state]}`} data-testid="membership-request-state">
      {r.state}
    </span>
  );
}

/** What the request asks: the member, the group, why, until when, who asked. */
export function RequestFacts({ r }: { r: MembershipRequest }) {
  return (
    <dl className="facts" data-testid="membership-request-facts">
      <dt>Member</dt>
      <dd>
        {r.personId !== null ? <Link to={`/people/${r.personId}`}>{r.member.name}</Link> : r.member.name}{' '}
        <span className="muted">({r.member.kind})</span>
      </dd>
      <dt>Group</dt>
      <dd>
        <Link className="mono" to={`/groups/${r.groupId}`}>
          {r.groupName}
        </Link>{' '}
        <span className="muted">policy {r.policyName}</span>
      </dd>
      <dt>Reason</dt>
      <dd>
        {r.reason || '—'}
        {r.ticket ? ` [${r.ticket}]` : ''}
      </dd>
      <dt>Until</dt>
      <dd>{r.endsOn ?? 'no end date'}</dd>
      <dt>Asked</dt>
      <dd>
        {r.requestedBy}, {formatDateTime(r.createdAt)}
      </dd>
    </dl>
  );
}

/** The stages in order, each with its approvers and the decision taken. */
export function RequestStages({ r }: { r: MembershipRequest }) {
  return (
    <ol className="stages" data-testid="membership-request-stages">
      {r.stages.map((s) => (
        <li key={s.index} data-stage={s.index} data-state={s.state}>
          <span className="badge">{s.state}</span> {s.approvers.join('; ')}
          {s.decision && (
            <span>
              {' '}
              — {s.decision.decision === 'approve' ? 'approved' : 'denied'} by {s.decision.decider},{' '}
              {formatDateTime(s.decision.at)}
              {s.decision.comment ? `: “${s.decision.comment}”` : ''}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/**
 * Approve or deny with a comment (If-Match on the version read). A refusal — the member no longer eligible, someone
 * decided first — is shown with each check that failed; `onDone` reads the request again either way it ends.
 */
export function RequestDecision({ r, onDone }: { r: MembershipRequest; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const action = useRef<'approve' | 'deny' | 'withdraw'>('approve');
  const { error, busy, submit } = useSubmit(() => governanceApi.decide(r, action.current, comment), onDone);
  if (!r.abilities.approve && !r.abilities.deny && !r.abilities.withdraw) return null;
  const press = (a: 'approve' | 'deny' | 'withdraw') => () => {
    action.current = a;
  };
  return (
    <form onSubmit={submit} aria-label={`Decide request ${r.id}`} data-testid="membership-decision">
      <ProblemMessage error={error} shownFields={['comment']} onReload={onDone} />
      {(r.abilities.approve || r.abilities.deny) && (
        <Field label="Comment" name="comment" error={error} hint="The requester reads it; say why when you deny">
          {(c) => <textarea {...c} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />}
        </Field>
      )}
      <div className="form-actions">
        {r.abilities.approve && (
          <button type="submit" className="primary" disabled={busy} onClick={press('approve')}>
            Approve
          </button>
        )}
        {r.abilities.deny && (
          <button type="submit" disabled={busy} onClick={press('deny')}>
            Deny
          </button>
        )}
        {r.abilities.withdraw && (
          <button type="submit" disabled={busy} onClick={press('withdraw')}>
            Withdraw
          </button>
        )}
      </div>
    </form>
  );
}
