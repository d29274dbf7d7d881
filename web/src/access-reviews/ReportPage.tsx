import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { accessReviewsApi, reportCsvUrl } from '../api/access-reviews.ts';
import type { Campaign, CampaignReport, CloseResult } from '../api/access-review-types.ts';
import { useResource } from '../api/use-resource.ts';
import { Dialog } from '../components/Dialog.tsx';
import { formatDateTime } from '../components/format.ts';
import { TableHead } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { ProblemMessage } from '../components/ProblemMessage.tsx';
import { Loaded } from '../components/States.tsx';
import { useAction } from '../components/use-submit.ts';
import { usePageTitle } from '../layout/use-page-title.ts';
import { ProgressChart } from './ProgressChart.tsx';
import { StateBadge } from './StateBadge.tsx';

const TALLY = ['total', 'decided', 'kept', 'removed', 'endDated', 'undecided'] as const;
const UNDECIDED_FATE = {
  keep: 'kept',
  remove: 'removed',
  escalate: 'kept (escalation to the owner happens only at the deadline)',
} as const;

/**
 * The result of an access review: progress per reviewer as a table and a chart, what closing did, the CSV of every
 * item; and, for the owner, closing it (after a confirmation that says what will happen).
 */
export function ReportPage() {
  const id = Number(useParams().id);
  const campaign = useResource((signal) => accessReviewsApi.get(id, signal), [id]);
  const report = useResource((signal) => accessReviewsApi.report(id, signal), [id]);
  usePageTitle(campaign.status === 'ready' ? `Report of ${campaign.data.name}` : 'Access review report');
  const reload = () => {
    campaign.reload();
    report.reload();
  };
  return (
    <section>
      <Loaded resource={campaign} what="Loading the access review">
        {(c) => (
          <>
            <PageHead
              title={`Report: ${c.label || c.name}`}
              parent={{ to: `/access-reviews/${c.id}`, label: c.name, here: 'report' }}
            >
              <StateBadge state={c.state} />
              <a href={reportCsvUrl(c.id)} download data-testid="report-csv">
                Download CSV
              </a>
            </PageHead>
            <Loaded resource={report} what="Loading the report">
              {(r) => <ReportBody campaign={c} report={r} onClosed={reload} />}
            </Loaded>
          </>
        )}
      </Loaded>
    </section>
  );
}

function ReportBody({
  campaign,
  report,
  onClosed,
}: {
  campaign: Campaign;
  report: CampaignReport;
  onClosed: () => void;
}) {
  const { totals, outcomes } = report;
  return (
    <>
      <p className="muted">
        Deadline {formatDateTime(campaign.deadline)}
        {campaign.closedAt ? ` · closed ${formatDateTime(campaign.closedAt)}` : ''} · {totals.decided} of {totals.total}{' '}
        decided
      </p>
      <div className="table-wrap">
        <table data-testid="report-reviewers" className="report-table">
          <TableHead columns={['Reviewer', 'Items', 'Decided', 'Kept', 'Removed', 'End-dated', 'Undecided']} />
          <tbody>
            {report.reviewers.map((r) => (
              <tr key={`${r.personId}-${r.name}`} data-reviewer={r.name}>
                <th scope="row">{r.name}</th>
                {TALLY.map((k) => (
                  <td key={k} className="num" data-col={k}>
                    {r[k]}
                  </td>
                ))}
              </tr>
            ))}
            <tr data-reviewer="total">
              <th scope="row">Total</th>
              {TALLY.map((k) => (
                <td key={k} className="num" data-col={k}>
                  <strong>{totals[k]}</strong>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <ProgressChart rows={report.reviewers} />
      <h2>Outcome</h2>
      <p data-testid="outcomes">
        {outcomes.pending > 0
          ? `${outcomes.pending} item${outcomes.pending === 1 ? '' : 's'} not applied yet (they are when the review closes).`
          : `Applied: ${outcomes.kept} kept, ${outcomes.removed} removed, ${outcomes.endDated} end-dated, ${outcomes.gone} already gone.`}
      </p>
      <CloseReview campaign={campaign} undecided={totals.undecided} onClosed={onClosed} />
    </>
  );
}

/**
 * Closing the review now (for whoever may: the owner, system administrators): a confirmation saying what happens to
 * decided and undecided items, then the result (still shown once the review has closed and the button is gone).
 */
function CloseReview({
  campaign,
  undecided,
  onClosed,
}: {
  campaign: Campaign;
  undecided: number;
  onClosed: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<CloseResult | null>(null);
  const { error, busy, act } = useAction(onClosed);
  const close = () =>
    act(async () => {
      setOpen(false);
      setResult(await accessReviewsApi.close(campaign.id));
    });
  if (!campaign.abilities.close && !result && !error) return null;
  return (
    <>
      {campaign.abilities.close && (
        <button type="button" className="danger" disabled={busy} onClick={() => setOpen(true)}>
          Close review
        </button>
      )}
      <ProblemMessage error={error} />
      {result && (
        <p className="alert alert-ok" role="status" data-testid="close-result">
          Closed: {result.outcomes.kept} kept, {result.outcomes.removed} removed, {result.outcomes.endDated} end-dated
          {result.escalated ? `; ${result.escalated} escalated to the owner` : ''}.
          {result.next && (
            <>
              {' '}
              The next review, <Link to={`/access-reviews/${result.next.id}`}>{result.next.name}</Link>, is open until{' '}
              {formatDateTime(result.next.deadline)}.
            </>
          )}
        </p>
      )}
      <Dialog open={open} title={`Close ${campaign.name}?`} onClose={() => setOpen(false)}>
        <p data-testid="close-confirm">
          Every decision is applied now: removals and end dates go through the grace-and-notice path. The {undecided}{' '}
          undecided item{undecided === 1 ? ' is' : 's are'} {UNDECIDED_FATE[campaign.undecided]}. Reviewers can no
          longer change their decisions.
        </p>
        <div className="form-actions">
          <button type="button" className="danger" onClick={() => void close()}>
            Close review
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </>
  );
}
