import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { exportCsv } from '../platform/csv-export.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { forbidden } from '../platform/errors.ts';
import { mayReadReport } from './review-policy.ts';
import type { ReportView } from './review-schemas.ts';
import { campaignFacts, campaignState, loadCampaignRow } from './review-store.ts';

/**
 * The result of an access review: progress per reviewer (total, decided, kept, removed, end-dated, undecided), the
 * totals, and what closing did; and the decisions as CSV (one line per item, through platform/csv-export.ts, which
 * neutralises cells a spreadsheet would run as formulas). For the owner, system administrators and auditors.
 */
export function createReviewReportService(deps: ServiceDeps) {
  const { db } = deps;

  async function readable(actor: Actor, id: number) {
    const row = await loadCampaignRow(db, id);
    if (!mayReadReport(actor, await campaignFacts(db, actor, row)))
      throw forbidden(
        `the report of the access review ${row.name} is for its owner, system administrators and auditors`,
      );
    return row;
  }

  async function report(actor: Actor, id: number): Promise<ReportView> {
    const row = await readable(actor, id);
    const { rows } = await sql<{
      person_id: number | null;
      name: string | null;
      total: number;
      decided: number;
      kept: number;
      removed: number;
      end_dated: number;
    }>`
      select i.reviewer_person_id as person_id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name as name,
             count(*)::int as total, count(i.decision)::int as decided,
             count(*) filter (where i.decision = 'keep')::int as kept, count(*) filter (where i.decision = 'remove')::int as removed,
             count(*) filter (where i.decision = 'end-date')::int as end_dated
      from review_items i left join people p on p.id = i.reviewer_person_id
      where i.campaign_id = ${id}
      group by i.reviewer_person_id, p.preferred_name, p.given_name, p.family_name order by name`.execute(db);
    const reviewers = rows.map((r) => ({
      personId: Number(r.person_id ?? 0),
      name: r.name ?? '(no reviewer)',
      total: r.total,
      decided: r.decided,
      kept: r.kept,
      removed: r.removed,
      endDated: r.end_dated,
      undecided: r.total - r.decided,
    }));
    const sum = (k: keyof (typeof reviewers)[number]) => reviewers.reduce((s, r) => s + (r[k] as number), 0);
    const { rows: out } = await sql<{
      kept: number;
      removed: number;
      end_dated: number;
      gone: number;
      pending: number;
    }>`
      select count(*) filter (where outcome = 'kept')::int as kept, count(*) filter (where outcome = 'removed')::int as removed,
             count(*) filter (where outcome = 'end-dated')::int as end_dated, count(*) filter (where outcome = 'gone')::int as gone,
             count(*) filter (where applied_at is null)::int as pending
      from review_items where campaign_id = ${id}`.execute(db);
    return {
      campaign: { id: row.id, name: row.name, state: campaignState(row), deadline: row.deadline.toISOString() },
      reviewers,
      totals: {
        total: sum('total'),
        decided: sum('decided'),
        kept: sum('kept'),
        removed: sum('removed'),
        endDated: sum('endDated'),
        undecided: sum('undecided'),
      },
      outcomes: {
        kept: out[0].kept,
        removed: out[0].removed,
        endDated: out[0].end_dated,
        gone: out[0].gone,
        pending: out[0].pending,
      },
    };
  }

  /** Every item with its reviewer, facts now, decision and outcome, as CSV lines (header first). */
  async function reportCsv(actor: Actor, id: number): Promise<{ fileName: string; body: string }> {
    const row = await readable(actor, id);
    const { rows } = await sql<{
      id: number;
      reviewer: string | null;
      person_id: number;
      person: string;
      group_name: string;
      department: string | null;
      changed: string[];
      decision: string | null;
      end_date: string | null;
      comment: string | null;
      decided_by: string | null;
      decided_at: Date | null;
      outcome: string | null;
    }>`
      select i.id, coalesce(r.preferred_name, r.given_name) || ' ' || r.family_name as reviewer, i.person_id,
             coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name as person, g.name as group_name,
             i.now_facts ->> 'department' as department, i.changed, i.decision, i.end_date, i.comment, i.decided_by, i.decided_at, i.outcome
      from review_items i join people p on p.id = i.person_id join groups g on g.id = i.group_id
      left join people r on r.id = i.reviewer_person_id
      where i.campaign_id = ${id} order by reviewer, person, i.id`.execute(db);
    const header = [
      'item',
      'reviewer',
      'person_id',
      'person',
      'group',
      'department',
      'changed',
      'decision',
      'end_date',
      'comment',
      'decided_by',
      'decided_at',
      'outcome',
    ];
    const lines = rows.map((r) => [
      Number(r.id),
      r.reviewer,
      Number(r.person_id),
      r.person,
      r.group_name,
      r.department,
      r.changed.join(';'),
      r.decision ?? 'undecided',
      r.end_date,
      r.comment,
      r.decided_by,
      r.decided_at?.toISOString() ?? null,
      r.outcome,
    ]);
    return { fileName: `review-${row.name}.csv`, body: exportCsv([header, ...lines]) };
  }

  return { report, reportCsv };
}
