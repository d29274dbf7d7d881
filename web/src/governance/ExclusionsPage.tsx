import { ApiError } from '../api/client.ts';
import { governanceApi } from '../api/governance.ts';
import { useResource } from '../api/use-resource.ts';
import { useUser } from '../auth/session.tsx';
import { textBinder, useDraft } from '../components/draft.ts';
import { TextField } from '../components/Field.tsx';
import { formatDateTime } from '../components/format.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { useAction, useSubmit } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { Link } from 'react-router';
import { GovernanceNav } from './GovernanceNav.tsx';

/** The people a 409 `held-by-both` names: who holds both groups already, so the pair cannot be made. */
function HoldersOfBoth({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || !error.fieldProblems.some((p) => p.rule === 'held-by-both')) return null;
  const holders = (error.problem.holders as string[] | undefined) ?? [];
  return (
    <div className="alert alert-warn" role="alert" data-testid="held-by-both">
      <p>
        <strong>{`${holders.length} already hold both groups.`}</strong> Remove one of the two memberships of each
        before making the groups exclusive:
      </p>
      <ul>
        {holders.map((h) => (
          <li key={h}>{h}</li>
        ))}
      </ul>
    </div>
  );
}

const EMPTY = { left: '', right: '', reason: '' };
const id = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : (s as unknown as number));

/**
 * Separation of duties: pairs of groups nobody may hold both of, through any path (nesting, composites). Adding a pair
 * that someone already holds both of is refused, naming each of them.
 */
export function ExclusionsPage() {
  usePageTitle('Separation of duties');
  const user = useUser();
  const reads = user.abilities['groups:read'] || user.abilities['groups:manage'];
  const pairs = useResource((signal) => (reads ? governanceApi.exclusions(signal) : Promise.resolve([])), [reads]);
  const [d, set] = useDraft(EMPTY);
  const removal = useAction(pairs.reload);
  const { error, busy, submit } = useSubmit(
    () => governanceApi.addExclusion({ leftGroupId: id(d.left), rightGroupId: id(d.right), reason: d.reason }),
    () => {
      set('left', '');
      set('right', '');
      set('reason', '');
      pairs.reload();
    },
  );
  const bind = textBinder(d, set, error);
  return (
    <section>
      <PageHead title="Separation of duties" />
      <GovernanceNav />
      <p className="muted">
        Nobody may hold both groups of a pair, in either direction, through any path: direct, nested, composite. An add,
        a request or an approval that would give both is refused, naming both paths.
      </p>
      <ProblemMessage error={removal.error} />
      {reads ? (
        <LoadedTable
          resource={pairs}
          what="Loading the pairs"
          empty="No pair yet."
          testId="exclusions"
          columns={['Group', 'Excludes', 'Reason', 'Made']}
          actions
        >
          {(x) => (
            <tr key={x.id} data-exclusion={x.id}>
              <td className="mono">
                <Link to={`/groups/${x.left.id}`}>{x.left.name}</Link>
              </td>
              <td className="mono">
                <Link to={`/groups/${x.right.id}`}>{x.right.name}</Link>
              </td>
              <td>{x.reason}</td>
              <td className="nowrap">
                {formatDateTime(x.createdAt)} <span className="muted">by {x.createdBy}</span>
              </td>
              <td>
                <button
                  type="button"
                  className="small"
                  disabled={removal.busy}
                  onClick={() => void removal.act(() => governanceApi.removeExclusion(x.id))}
                >{`Remove the pair ${x.left.name} / ${x.right.name}`}</button>
              </td>
            </tr>
          )}
        </LoadedTable>
      ) : (
        <p>
          System administrators and auditors see every pair; you may still make a pair of two groups you administer.
        </p>
      )}
      <form onSubmit={submit} className="card" aria-label="Make two groups exclusive" data-testid="exclusion-form">
        <h2>Make two groups exclusive</h2>
        <HoldersOfBoth error={error} />
        <ProblemMessage error={error} shownFields={['leftGroupId', 'rightGroupId', 'reason']} />
        <div className="form-grid">
          <TextField label="Group (id)" name="leftGroupId" {...bind('left')} required />
          <TextField label="Excludes group (id)" name="rightGroupId" {...bind('right')} required />
          <TextField label="Reason" name="reason" {...bind('reason')} hint="e.g. who pays may not approve payments" />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            Add pair
          </button>
        </div>
      </form>
    </section>
  );
}
