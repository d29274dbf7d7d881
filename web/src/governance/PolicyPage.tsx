import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { governanceApi } from '../api/governance.ts';
import type { Policy } from '../api/governance-types.ts';
import { useResource } from '../api/use-resource.ts';
import { Dialog } from '../components/Dialog.tsx';
import { formatDateTime } from '../components/format.ts';
import { PageHead } from '../components/PageHead.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Loaded } from '../components/States.tsx';
import { useAction } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { DelegatesPanel } from './DelegatesPanel.tsx';
import { KIND_WORDS } from './GraceFields.tsx';
import { GovernanceNav } from './GovernanceNav.tsx';
import { LevelBadge, PolicyTarget } from './PoliciesPage.tsx';
import { CHANGE_KINDS, draftOf, principalWords } from './policy-draft.ts';
import { PolicyForm } from './PolicyForm.tsx';

const words = (list: unknown[], none: string) =>
  list.length ? list.map((x) => principalWords(x as never)).join('; ') : none;

function PolicyFacts({ p }: { p: Policy }) {
  const checks = p.checks as Record<string, unknown>;
  return (
    <>
      <dl className="facts" data-testid="policy-facts">
        <dt>Governs</dt>
        <dd>
          <PolicyTarget target={p.target} />
        </dd>
        <dt>Direct adders</dt>
        <dd>{words(p.directAdders, 'nobody (every member is requested)')}</dd>
        <dt>Requesters</dt>
        <dd>{words(p.requesters, 'anyone signed in')}</dd>
        <dt>Approval stages</dt>
        <dd>
          {p.stages.length === 0 ? (
            'none'
          ) : (
            <ol>
              {p.stages.map((s, i) => (
                <li key={i}>{words(s.approvers, '—')}</li>
              ))}
            </ol>
          )}
        </dd>
        <dt>Checks</dt>
        <dd className="mono">{JSON.stringify(checks)}</dd>
        <dt>Expiry</dt>
        <dd>
          {p.expiryRequired ? 'an end date is required' : 'an end date is optional'}
          {p.maxDays !== null ? `; at most ${p.maxDays} days` : ''}
        </dd>
        <dt>Owner</dt>
        <dd>{p.ownerPersonId ? <Link to={`/people/${p.ownerPersonId}`}>{`person #${p.ownerPersonId}`}</Link> : '—'}</dd>
        <dt>Mass-loss hold</dt>
        <dd>{`above ${p.massLossPercent} % of a group's governed members`}</dd>
        <dt>Changed</dt>
        <dd>
          {formatDateTime(p.updatedAt)} (version {p.version})
        </dd>
      </dl>
      <h2>
        Grace <LevelBadge policy={p} />
      </h2>
      <table data-testid="policy-grace">
        <tbody>
          {CHANGE_KINDS.map((k) => (
            <tr key={k} data-kind={k}>
              <th scope="row">{KIND_WORDS[k]}</th>
              <td className="num">{`${p.grace[k]} days`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** One policy: what it says, its grace table, its department delegates; changed (If-Match) or deleted. */
export function PolicyPage() {
  const id = Number(useParams().id);
  const navigate = useNavigate();
  const policy = useResource((signal) => governanceApi.policy(id, signal), [id]);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const removal = useAction(() => navigate('/governance/policies'));
  usePageTitle(policy.status === 'ready' ? `Policy ${policy.data.data.name}` : 'Policy');
  return (
    <section>
      <Loaded resource={policy} what="Loading the policy">
        {({ data: p, etag }) => (
          <>
            <PageHead
              title={`Policy ${p.name}`}
              parent={{ to: '/governance/policies', label: 'Governance policies', here: p.name }}
            >
              {!editing && (
                <div className="actions">
                  <button type="button" className="primary" onClick={() => setEditing(true)}>
                    Change policy
                  </button>{' '}
                  <button type="button" onClick={() => setConfirm(true)}>
                    Delete
                  </button>
                </div>
              )}
            </PageHead>
            <GovernanceNav />
            {p.label && <p>{p.label}</p>}
            <ProblemMessage error={removal.error} />
            {editing ? (
              <PolicyForm
                initial={draftOf(p)}
                editing={{ policy: p, etag }}
                onSaved={() => {
                  setEditing(false);
                  policy.reload();
                }}
                onCancel={() => setEditing(false)}
              />
            ) : (
              <PolicyFacts p={p} />
            )}
            <DelegatesPanel policyId={p.id} canManage />
            <Dialog open={confirm} title="Delete the policy?" onClose={() => setConfirm(false)}>
              <p>{`${p.name} stops governing ${p.target.name}. A policy that memberships or requests refer to cannot be deleted.`}</p>
              <div className="form-actions">
                <button
                  type="button"
                  className="primary"
                  onClick={() => {
                    setConfirm(false);
                    void removal.act(() => governanceApi.deletePolicy(p.id));
                  }}
                >
                  Delete policy
                </button>
                <button type="button" onClick={() => setConfirm(false)}>
                  Cancel
                </button>
              </div>
            </Dialog>
          </>
        )}
      </Loaded>
    </section>
  );
}
