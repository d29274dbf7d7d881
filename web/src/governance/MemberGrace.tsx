import { useState } from 'react';
import { Link } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import type { MemberGrace } from '../api/governance-types.ts';
import { useResource } from '../api/use-resource.ts';
import { Dialog } from '../components/Dialog.tsx';
import { KIND_SHORT, shortDate } from './grace-words.ts';
import { WhyPanel } from './WhyPanel.tsx';

export type GraceOf = MemberGrace['memberships'][number];

/**
 * A group's governance for its page: the governed memberships by id (null when the caller may not read them or the
 * group is not governed), and the policy.
 */
export function useMemberGrace(groupId: number) {
  const grace = useResource(
    (signal) => governanceApi.memberGrace(groupId, signal).catch(() => null as MemberGrace | null),
    [groupId],
  );
  const data = grace.status === 'ready' ? grace.data : null;
  const byMembership = new Map((data?.memberships ?? []).map((m) => [m.membershipId, m]));
  return { data, byMembership, reload: grace.reload };
}

/** "Governed by policy X (high)" with the way to ask for a membership; nothing for a group no policy governs. */
export function GovernedNote({ groupId, data }: { groupId: number; data: MemberGrace | null }) {
  if (!data?.policy) return null;
  return (
    <p className="alert alert-info" data-testid="governed-note">
      {'Governed by the policy '}
      <Link to={`/governance/policies/${data.policy.id}`}>{data.policy.name}</Link>
      {` (${data.policy.level} security): members are requested and approved, and keep access after a change of their facts only for the grace the policy gives. `}
      <Link to={`/governance/request?groupId=${groupId}`}>Request membership</Link>
    </p>
  );
}

/** A governed membership's grace badge ("ends 12 Mar — department change") and its "Why?" panel. */
export function GraceCell({ groupId, grace }: { groupId: number; grace: GraceOf | undefined }) {
  const [open, setOpen] = useState(false);
  if (!grace) return null;
  const g = grace.grace;
  return (
    <span className="grace-cell">
      {g ? (
        <span className="badge badge-warn" data-testid="grace-badge" title={g.sentence}>
          {`ends ${shortDate(g.endsAt)} — ${KIND_SHORT[g.kind]}`}
        </span>
      ) : (
        <span className="badge" data-testid="grace-badge">
          governed
        </span>
      )}
      {grace.held && <span className="badge badge-bad"> held</span>}{' '}
      <button
        type="button"
        className="small"
        onClick={() => setOpen(true)}
        aria-label={`Why? membership ${grace.membershipId}`}
      >
        Why?
      </button>
      <Dialog open={open} title={`Why: membership ${grace.membershipId}`} onClose={() => setOpen(false)}>
        {open && <WhyPanel groupId={groupId} membershipId={grace.membershipId} />}
        <div className="form-actions">
          <button type="button" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </Dialog>
    </span>
  );
}
