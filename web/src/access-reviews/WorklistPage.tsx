import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import { accessReviewsApi } from '../api/access-reviews.ts';
import type { Campaign } from '../api/access-review-types.ts';
import { useResource } from '../api/use-resource.ts';
import { formatDateTime } from '../components/format.ts';
import { TableHead } from '../components/LoadedTable.tsx';
import { PageHead } from '../components/PageHead.tsx';
import { Empty, Loaded } from '../components/States.tsx';
import { usePageTitle } from '../layout/use-page-title.ts';
import { BulkDialog } from './BulkDialog.tsx';
import { DecisionPanel } from './DecisionPanel.tsx';
import { ItemRow } from './ItemRow.tsx';
import { StateBadge } from './StateBadge.tsx';
import { useDecisions } from './use-decisions.ts';
import { useWorklist, type Worklist } from './use-worklist.ts';
import { describeFilters, itemFilter, KEY_HELP, PAGE_SIZE } from './worklist-query.ts';
import { WorklistFilterBar } from './WorklistFilters.tsx';

const COLUMNS = ['Member and group', 'Now / at grant', 'Membership', 'Decision'];

/**
 * The reviewer's worklist of one access review, for the keyboard: j/k or the arrows move, y keeps, r removes (the
 * comment field takes focus when it is empty), e end-dates; filters, paging (the server's: 50 items a page), and one
 * decision over everything the filter selects.
 */
export function WorklistPage() {
  const id = Number(useParams().id);
  const campaign = useResource((signal) => accessReviewsApi.get(id, signal), [id]);
  usePageTitle(campaign.status === 'ready' ? `Review ${campaign.data.name}` : 'Access review');
  return (
    <section>
      <Loaded resource={campaign} what="Loading the access review">
        {(c) => <Worklist campaign={c} onCampaignChanged={campaign.reload} />}
      </Loaded>
    </section>
  );
}

function Worklist({ campaign, onCampaignChanged }: { campaign: Campaign; onCampaignChanged: () => void }) {
  const w = useWorklist(campaign.id);
  const canDecide = campaign.abilities.decide && (w.filters.reviewer === 'me' || campaign.abilities.decideAll);
  const d = useDecisions(w, canDecide);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkDone, setBulkDone] = useState<number | null>(null);
  const current = w.items[w.cursor];
  return (
    <>
      <PageHead
        title={campaign.label || campaign.name}
        parent={{ to: '/access-reviews', label: 'Access reviews', here: campaign.name }}
      >
        <StateBadge state={campaign.state} />
        {campaign.abilities.report && <Link to={`/access-reviews/${campaign.id}/report`}>Report</Link>}
      </PageHead>
      <p className="muted">
        Deadline {formatDateTime(campaign.deadline)} · owner {campaign.owner?.name ?? '—'} · undecided items are{' '}
        {campaign.undecided === 'escalate'
          ? 'handed to the owner'
          : `${campaign.undecided === 'keep' ? 'kept' : 'removed'}`}{' '}
        at the deadline · decisions are applied when the review closes
      </p>
      <WorklistFilterBar campaign={campaign} filters={w.filters} onChange={w.setFilters} searchRef={d.searchRef} />
      <p className="key-help" data-testid="key-help">
        Keys:{' '}
        {KEY_HELP.map(([k, what]) => (
          <span key={k}>
            <kbd>{k}</kbd> {what}{' '}
          </span>
        ))}
      </p>
      {canDecide && (
        <DecisionPanel
          item={current}
          state={d.state}
          onChange={d.patch}
          onDecide={(decision) => current && void d.decide(current, decision)}
          onLeave={d.focusRow}
          busy={d.busy}
          error={d.error}
          onReload={w.page.reload}
          commentRef={d.commentRef}
          dateRef={d.dateRef}
        />
      )}
      {bulkDone !== null && (
        <p className="alert alert-ok" role="status" data-testid="bulk-done">
          {bulkDone} item{bulkDone === 1 ? '' : 's'} decided.
        </p>
      )}
      <Loaded resource={w.page} what="Loading the items">
        {() => (
          <>
            <Progress w={w}>
              {canDecide && w.total > 0 && (
                <button type="button" onClick={() => setBulkOpen(true)}>
                  Decide all {w.total} matching…
                </button>
              )}
            </Progress>
            {w.items.length === 0 ? (
              <Empty>No items match.</Empty>
            ) : (
              <div className="table-wrap">
                <table data-testid="worklist" aria-label="Items to review">
                  <TableHead columns={COLUMNS} />
                  <tbody>
                    {w.items.map((item, i) => (
                      <ItemRow
                        key={item.id}
                        ref={(el) => {
                          d.rowRefs.current[i] = el;
                        }}
                        item={item}
                        current={i === w.cursor}
                        canDecide={canDecide}
                        showReviewer={w.filters.reviewer !== 'me' || campaign.abilities.decideAll}
                        busy={d.busy}
                        onSelect={() => w.setCursor(i)}
                        onDecide={(decision) => void d.decide(item, decision)}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager w={w} />
          </>
        )}
      </Loaded>
      <BulkDialog
        open={bulkOpen}
        campaignId={campaign.id}
        count={w.total}
        description={describeFilters(w.filters, campaign)}
        filter={itemFilter(w.filters)}
        onClose={() => setBulkOpen(false)}
        onDone={(n) => {
          setBulkOpen(false);
          setBulkDone(n);
          w.page.reload();
          onCampaignChanged();
        }}
      />
    </>
  );
}

function Progress({ w, children }: { w: Worklist; children: ReactNode }) {
  if (!w.counts) return null;
  const { total, decided, undecided } = w.counts;
  const all = decided + undecided;
  return (
    <div className="row worklist-progress" data-testid="worklist-progress">
      <span>
        <strong>{total}</strong> item{total === 1 ? '' : 's'} match · {decided} of {all} decided
      </span>
      <progress max={Math.max(all, 1)} value={decided} aria-label="Decided" />
      {children}
    </div>
  );
}

function Pager({ w }: { w: Worklist }) {
  if (w.total <= PAGE_SIZE) return null;
  const last = Math.min(w.offset + PAGE_SIZE, w.total);
  return (
    <nav className="row pager" aria-label="Pages">
      <button type="button" disabled={w.offset === 0} onClick={() => w.turn(-1)}>
        Previous page
      </button>
      <span data-testid="page-range">
        {w.offset + 1}–{last} of {w.total}
      </span>
      <button type="button" disabled={last >= w.total} onClick={() => w.turn(1)}>
        Next page
      </button>
    </nav>
  );
}
