import { orgsApi } from '../api/orgs.ts';
import type { SetDraft } from '../components/draft.ts';
import { FieldProblems } from '../components/FieldProblems.tsx';
import { searchPeople } from '../groups/member-search.ts';
import { type PickOption, SearchPicker } from '../groups/SearchPicker.tsx';
import { type CampaignDraft, type ReviewerRow, reviewerRow, sentReviewers } from './campaign-draft.ts';

/** Org units matching by code or name (GET /orgs?q=). */
async function searchUnits(q: string, signal: AbortSignal): Promise<PickOption[]> {
  const page = await orgsApi.search(q, signal);
  return page.items.map((u) => ({ id: u.id, label: `${u.code} — ${u.name}`, detail: u.kind }));
}

interface Props {
  d: CampaignDraft;
  set: SetDraft<CampaignDraft>;
  error: unknown;
}

/**
 * Who reviews: when split, a reviewer per unit (a unit's reviewer also reviews the units below it that have none);
 * and a default reviewer for the rest (every item when not split). Without one, the owner reviews.
 */
export function ReviewersEditor({ d, set, error }: Props) {
  const sent = new Map(sentReviewers(d).map(({ row, index }) => [row.key, index]));
  const defaultIndex = sent.size;
  const change = (key: number, patch: Partial<ReviewerRow>) =>
    set(
      'reviewers',
      d.reviewers.map((r) => (r.key === key ? { ...r, ...patch } : r)),
    );
  return (
    <div data-testid="reviewers">
      {d.splitBy !== 'none' && (
        <>
          {d.reviewers.map((r, i) => {
            const at = sent.get(r.key);
            return (
              <div key={r.key} className="card reviewer-row" data-testid={`reviewer-row-${i}`}>
                <SearchPicker
                  label={`Unit ${i + 1}`}
                  name={at === undefined ? `unit-${r.key}` : `reviewers/${at}/orgId`}
                  error={error}
                  search={searchUnits}
                  onChange={(id) => change(r.key, { orgId: id })}
                />
                <SearchPicker
                  label={`Reviewer of unit ${i + 1}`}
                  name={at === undefined ? `reviewer-${r.key}` : `reviewers/${at}/personId`}
                  error={error}
                  search={searchPeople}
                  onChange={(id) => change(r.key, { personId: id })}
                />
                <button
                  type="button"
                  className="small"
                  onClick={() =>
                    set(
                      'reviewers',
                      d.reviewers.filter((x) => x.key !== r.key),
                    )
                  }
                >
                  Remove unit {i + 1}
                </button>
              </div>
            );
          })}
          <button type="button" className="small" onClick={() => set('reviewers', [...d.reviewers, reviewerRow()])}>
            Add a unit
          </button>
        </>
      )}
      <SearchPicker
        label={d.splitBy === 'none' ? 'Reviewer (empty: the owner)' : 'Reviewer of the rest (empty: the owner)'}
        name={d.defaultReviewer ? `reviewers/${defaultIndex}/personId` : 'defaultReviewer'}
        error={error}
        search={searchPeople}
        onChange={(id) => set('defaultReviewer', id)}
      />
      {d.defaultReviewer && <FieldProblems error={error} name={`reviewers/${defaultIndex}/orgId`} />}
      <FieldProblems error={error} name="reviewers" exact />
    </div>
  );
}
