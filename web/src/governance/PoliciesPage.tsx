import { Link, useNavigate, useSearchParams } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import type { Policy } from '../api/governance-types.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { LoadedTable } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { GovernanceNav } from './GovernanceNav.tsx';
import { emptyDraft } from './policy-draft.ts';
import { PolicyForm } from './PolicyForm.tsx';

const LEVEL_BADGE: Record<Policy['securityLevel'], string> = { high: 'badge-bad', medium: 'badge-warn', custom: '' };

export function LevelBadge({ policy }: { policy: Pick<Policy, 'securityLevel' | 'grace'> }) {
  const g = policy.grace;
  return (
    <span
      className={`badge ${LEVEL_BADGE[policy.securityLevel]}`}
      title={`grace: job ${g.job}, department ${g.department}, leaving ${g.leaving}, requirement ${g.requirement} days`}
    >
      {policy.securityLevel} {g.job}/{g.department}/{g.leaving}
    </span>
  );
}

/** What a policy governs: its kind, and the group (linked) or folder by name. */
export function PolicyTarget({ target }: { target: Policy['target'] }) {
  return (
    <>
      {target.kind}{' '}
      {target.kind === 'group' ? (
        <Link className="mono" to={`/groups/${target.id}`}>
          {target.name}
        </Link>
      ) : (
        <span className="mono">{target.name}</span>
      )}
    </>
  );
}

/**
 * Governance policies. System administrators and auditors see every one; others reach the policy of a group they
 * administer from its group page. `?new=1&groupId=…` (or `folderId`) opens the form for that group or folder.
 */
export function PoliciesPage() {
  usePageTitle('Governance policies');
  const user = useUser();
  const all = user.abilities['groups:read'] || user.abilities['groups:manage'];
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const policies = useResource((signal) => (all ? governanceApi.policies({}, signal) : Promise.resolve([])), [all]);
  const groupId = Number(params.get('groupId')) || null;
  const folderId = Number(params.get('folderId')) || null;
  const creating = params.get('new') === '1';
  const target = groupId
    ? { kind: 'group' as const, id: groupId }
    : folderId
      ? { kind: 'folder' as const, id: folderId }
      : undefined;
  return (
    <section>
      <PageHead title="Governance policies">
        {!creating && (
          <Link to="/governance/policies?new=1" className="button primary">
            New policy
          </Link>
        )}
      </PageHead>
      <GovernanceNav />
      <p className="muted">
        A policy governs a group, or every group below a folder: who adds members directly and who must ask, who
        approves, the checks before adding, and how long a member keeps access after their facts change.
      </p>
      {creating && (
        <PolicyForm
          initial={emptyDraft(target)}
          onSaved={(p) => navigate(`/governance/policies/${p.id}`)}
          onCancel={() => navigate('/governance/policies')}
        />
      )}
      {all ? (
        <LoadedTable
          resource={policies}
          what="Loading the policies"
          empty="No policy yet."
          testId="policies"
          columns={['Policy', 'Governs', 'Level and grace', 'Stages', 'Expiry']}
        >
          {(p) => (
            <tr key={p.id} data-policy={p.name}>
              <td>
                <Link to={`/governance/policies/${p.id}`}>{p.name}</Link>
                {p.label && <span className="muted"> {p.label}</span>}
              </td>
              <td>
                <PolicyTarget target={p.target} />
              </td>
              <td>
                <LevelBadge policy={p} />
              </td>
              <td className="num">{p.stages.length}</td>
              <td>
                {p.expiryRequired ? 'required' : 'optional'}
                {p.maxDays !== null ? `, at most ${p.maxDays} days` : ''}
              </td>
            </tr>
          )}
        </LoadedTable>
      ) : (
        <p>
          You see the policy of a group you administer on its group page. System administrators and auditors see every
          policy here.
        </p>
      )}
    </section>
  );
}
