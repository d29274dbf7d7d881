import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { accessReviewsApi } from '../api/access-reviews.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { LoadedTable } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { AttestationDue } from './AttestationDue.tsx';
import { CampaignForm } from './CampaignForm.tsx';
import type { ScopeKind } from './campaign-draft.ts';
import { StateBadge } from './StateBadge.tsx';

type StateFilter = 'open' | 'closed' | '';

/**
 * Access reviews: the campaigns the user owns or reviews in (all, for administrators and auditors) with their
 * state, deadline and progress, and the user's own undecided items; starting one; the groups due for attestation.
 */
export function CampaignsPage() {
  usePageTitle('Access reviews');
  const navigate = useNavigate();
  const [state, setState] = useState<StateFilter>('');
  const campaigns = useResource((signal) => accessReviewsApi.list(state || undefined, signal), [state]);
  const [starting, setStarting] = useState<{ scope?: { kind: ScopeKind; name: string } } | null>(null);
  return (
    <section>
      <PageHead title="Access reviews">
        {!starting && (
          <button type="button" className="primary" onClick={() => setStarting({})}>
            Start a review
          </button>
        )}
      </PageHead>
      <p className="muted">
        Reviewers confirm, end-date or remove who holds access, seeing each member’s facts now against those at grant.
        Decisions are applied when the review closes; removals go through the grace-and-notice path.
      </p>
      {starting && (
        <CampaignForm
          key={starting.scope?.name ?? ''}
          scope={starting.scope}
          onCancel={() => setStarting(null)}
          onStarted={(c) => navigate(`/access-reviews/${c.id}`)}
        />
      )}
      <label className="campaign-filter">
        Show{' '}
        <select value={state} onChange={(e) => setState(e.target.value as StateFilter)}>
          <option value="">every review</option>
          <option value="open">open</option>
          <option value="closed">closed</option>
        </select>
      </label>
      <LoadedTable
        resource={campaigns}
        what="Loading the access reviews"
        empty="No access review yet."
        testId="campaigns"
        columns={['Review', 'Scope', 'State', 'Deadline', 'Progress', 'Yours to decide', 'Owner']}
      >
        {(c) => (
          <tr key={c.id} data-campaign={c.name}>
            <td>
              <Link to={`/access-reviews/${c.id}`}>{c.label || c.name}</Link>{' '}
              {c.label && <span className="muted mono">{c.name}</span>}
            </td>
            <td>{c.scope.kind}</td>
            <td>
              <StateBadge state={c.state} />
            </td>
            <td className="nowrap">{formatDateTime(c.deadline)}</td>
            <td className="nowrap" data-col="progress">
              <progress max={Math.max(c.counts.total, 1)} value={c.counts.decided} aria-label={`${c.name} decided`} />{' '}
              {c.counts.decided} / {c.counts.total}
            </td>
            <td data-col="mine">{c.mine.total ? `${c.mine.undecided} of ${c.mine.total}` : '—'}</td>
            <td>{c.owner?.name ?? '—'}</td>
          </tr>
        )}
      </LoadedTable>
      <AttestationDue onReview={(name) => setStarting({ scope: { kind: 'group', name } })} />
    </section>
  );
}
