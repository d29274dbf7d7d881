import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { SnapshotState } from '../platform/db/source-tables.ts';
import { notFound } from '../platform/errors.ts';
import type { RowError } from './snapshot-rows.ts';
import type { SourceConfig } from './source-config.ts';

/** Reading snapshots as the API shows them: the summary, its errors by line, and source settings. */
export interface SnapshotView {
  id: number;
  source: string;
  format: 'csv' | 'jsonl';
  dryRun: boolean;
  state: SnapshotState;
  /** Records staged (lines read without errors). */
  records: number;
  /** Lines with at least one error. */
  errorLines: number;
  added: number | null;
  changed: number | null;
  removed: number | null;
  unchanged: number | null;
  /** The decision in one sentence (valve, release, discard, failure). */
  decision: string | null;
  /** first-snapshot | within-threshold | over-threshold | forced | row-errors | resumed | null. */
  reason: string | null;
  /** The interrupted snapshot this one finished. */
  resumes: number | null;
  /** Records applied so far (added, changed or removed): progress while applying, how far an interrupted one got. */
  applied: number;
  peopleCreated: number;
  /** Records left for an administrator to match (near-matches). */
  reviews: number;
  receivedBy: string;
  receivedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  finishedAt: string | null;
  version: number;
}

export interface SnapshotDetail extends SnapshotView {
  /** The first errors, by line. */
  errors: RowError[];
  /** Every error (a line may have several). */
  errorCount: number;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export function viewOf(r: Selectable<DB['snapshots']>): SnapshotView {
  return {
    id: r.id,
    source: r.source,
    format: r.format,
    dryRun: r.dry_run,
    state: r.state,
    records: r.records,
    errorLines: r.errors,
    added: r.added,
    changed: r.changed,
    removed: r.removed,
    unchanged: r.unchanged,
    decision: r.decision,
    reason: r.reason,
    resumes: r.resumes,
    applied: r.applied,
    peopleCreated: r.people_created,
    reviews: r.reviews,
    receivedBy: r.received_by,
    receivedAt: iso(r.received_at)!,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    finishedAt: iso(r.finished_at),
    version: r.version,
  };
}

export const ERRORS_SHOWN = 1000;

/** One snapshot with its first errors by line; 404 if there is none. */
export async function snapshotDetail(db: Kysely<DB>, id: number): Promise<SnapshotDetail> {
  const row = await db.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('snapshot', id);
  const errors = await db
    .selectFrom('snapshot_errors')
    .select(['line', 'field', 'rule', 'message'])
    .where('snapshot_id', '=', id)
    .orderBy('line')
    .orderBy('field')
    .limit(ERRORS_SHOWN)
    .execute();
  const {
    rows: [count],
  } = await sql<{ n: number }>`select count(*)::int as n from snapshot_errors where snapshot_id = ${id}`.execute(db);
  return { ...viewOf(row), errors, errorCount: count.n };
}

export interface SnapshotFilter {
  source?: string;
  state?: SnapshotState;
  /** Newest first: only snapshots with an id below this. */
  before?: number;
  limit?: number;
}

/** Snapshots, newest first. */
export async function listSnapshots(db: Kysely<DB>, filter: SnapshotFilter): Promise<SnapshotView[]> {
  let q = db
    .selectFrom('snapshots')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(filter.limit ?? 50, 1), 500));
  if (filter.source) q = q.where('source', '=', filter.source);
  if (filter.state) q = q.where('state', '=', filter.state);
  if (filter.before) q = q.where('id', '<', filter.before);
  return (await q.execute()).map((r) => viewOf(r));
}

/** A registered source's settings; 404 if it is not registered. */
export async function loadSource(db: Kysely<DB>, name: string): Promise<SourceConfig> {
  const r = await db.selectFrom('sources').selectAll().where('name', '=', name).executeTakeFirst();
  if (!r) throw notFound('source', name);
  return {
    name: r.name,
    label: r.label,
    description: r.description,
    kinds: r.kinds,
    holdThreshold: r.hold_threshold,
    createPeople: r.create_people,
    reviewNearMatches: r.review_near_matches,
  };
}
