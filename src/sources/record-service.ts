import { type Selectable, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, type FieldProblem, notFound, StewardError } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { survivorOf } from '../registry/person-store.ts';
import { recordHash } from './record-hash.ts';
import { type ApplyContext, applyRecords, lockSource } from './snapshot-apply.ts';
import { type AffiliationRecord, readRecordObject } from './snapshot-rows.ts';
import { type CandidateView, withCandidateDetails } from './review-candidates.ts';
import { previousRecords } from './snapshot-store.ts';
import { loadSource } from './snapshot-views.ts';
import type { SourceConfig } from './source-config.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Single-record updates from a source (one affiliation record added, changed or gone,
 * between full snapshots) and the match reviews that near-matches leave: both apply through
 * the snapshot's own `applyRecords`, without the safety valve (one record is never a mass
 * change).
 */
export interface RecordOutcome {
  source: string;
  recordKey: string;
  change: 'added' | 'changed' | 'removed' | 'unchanged' | 'review';
  personId: number | null;
  affiliationId: number | null;
  /** The match review the record waits in, when no person could be chosen without a guess. */
  reviewId: number | null;
}

export interface ReviewView {
  id: number;
  source: string;
  recordKey: string;
  snapshotId: number | null;
  record: AffiliationRecord;
  candidates: CandidateView[];
  reason: string;
  state: 'open' | 'matched' | 'created' | 'dismissed';
  /** Once matched or created: the person the source's record belongs to now. */
  personId: number | null;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

type StoredReview = Omit<ReviewView, 'candidates' | 'personId'> & {
  candidates: Omit<CandidateView, 'birthDate' | 'matchedBy'>[];
};

export type ReviewResolution = { personId: number } | { create: true } | { dismiss: true };

function reviewOf(r: Selectable<DB['match_reviews']>): StoredReview {
  return {
    id: r.id,
    source: r.source,
    recordKey: r.record_key,
    snapshotId: r.snapshot_id,
    record: r.record as unknown as AffiliationRecord,
    candidates: r.candidates as StoredReview['candidates'],
    reason: r.reason,
    state: r.state,
    createdAt: new Date(r.created_at).toISOString(),
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
  };
}

const problem = (field: string, rule: string, message: string): FieldProblem => ({ field, rule, message });

export function createRecordService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const today = () => isoDate(clock.now());

  /** Checks one record as a source sends it (the JSON-lines fields), against the source and the org tree. */
  async function checkRecord(source: SourceConfig, recordKey: string, body: unknown): Promise<AffiliationRecord> {
    const value = typeof body === 'object' && body !== null && !Array.isArray(body) ? { recordKey, ...body } : body;
    const read = readRecordObject(value, 1);
    const problems = read.errors.map((e) => problem(`/${e.field.replace(/\./g, '/')}`, e.rule, e.message));
    const record = read.record;
    if (record && record.recordKey !== recordKey)
      problems.push(
        problem('/recordKey', 'matches-path', `is ${record.recordKey}, but the URL names record ${recordKey}`),
      );
    if (record && source.kinds.length && !source.kinds.includes(record.kind))
      problems.push(
        problem(
          '/kind',
          'kind-not-allowed',
          `"${record.kind}" is not a kind this source delivers (${source.kinds.join(', ')})`,
        ),
      );
    if (
      record &&
      !(await db.selectFrom('org_units').select('id').where('code', '=', record.orgCode).executeTakeFirst())
    )
      problems.push(problem('/orgCode', 'unknown-org', `no organisation has code ${record.orgCode}`));
    assertNoProblems(problems);
    return record!;
  }

  /** Adds or replaces one record of a source; unchanged records write nothing. */
  async function putRecord(actor: Actor, sourceName: string, recordKey: string, body: unknown): Promise<RecordOutcome> {
    authorise(actor, 'sources:feed');
    const source = await loadSource(db, sourceName);
    const record = await checkRecord(source, recordKey, body);
    const hash = recordHash(record);
    const ctx: ApplyContext = {
      source,
      snapshotId: null,
      today: today(),
      origin: `single-record update from ${source.name}`,
    };
    return write(deps, actor, async (uow) => {
      await lockSource(uow, source.name);
      const previous = (await previousRecords(uow.db, source.name, [recordKey])).get(recordKey) ?? null;
      const base = { source: source.name, recordKey, reviewId: null };
      if (previous?.hash === hash)
        return {
          ...base,
          change: 'unchanged' as const,
          personId: previous.personId,
          affiliationId: previous.affiliationId,
        };
      const counts = await applyRecords(uow, ctx, [{ recordKey, line: null, hash, record, previous }], []);
      const out = counts.outcomes.get(recordKey);
      if (!out || 'reviewId' in out)
        return {
          ...base,
          change: 'review' as const,
          personId: previous?.personId ?? null,
          affiliationId: previous?.affiliationId ?? null,
          reviewId: out && 'reviewId' in out ? out.reviewId : null,
        };
      return {
        ...base,
        change: previous ? ('changed' as const) : ('added' as const),
        personId: out.personId,
        affiliationId: out.affiliationId,
      };
    });
  }

  /** The source no longer has this record: its affiliation ends yesterday (or is withdrawn if it had not begun). */
  async function deleteRecord(actor: Actor, sourceName: string, recordKey: string): Promise<RecordOutcome> {
    authorise(actor, 'sources:feed');
    const source = await loadSource(db, sourceName);
    const ctx: ApplyContext = {
      source,
      snapshotId: null,
      today: today(),
      origin: `single-record update from ${source.name}`,
    };
    return write(deps, actor, async (uow) => {
      await lockSource(uow, source.name);
      const previous = (await previousRecords(uow.db, source.name, [recordKey])).get(recordKey);
      if (!previous) throw notFound(`record of source ${source.name}`, recordKey);
      await applyRecords(uow, ctx, [], [{ recordKey, previous }]);
      return {
        source: source.name,
        recordKey,
        change: 'removed' as const,
        personId: previous.personId,
        affiliationId: previous.affiliationId,
        reviewId: null,
      };
    });
  }

  async function listReviews(
    actor: Actor,
    filter: { source?: string; state?: ReviewView['state']; after?: number; limit?: number },
  ): Promise<ReviewView[]> {
    authorise(actor, 'sources:read');
    let q = db
      .selectFrom('match_reviews')
      .selectAll()
      .where('state', '=', filter.state ?? 'open')
      .orderBy('id')
      .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000));
    if (filter.source) q = q.where('source', '=', filter.source);
    if (filter.after) q = q.where('id', '>', filter.after);
    const rows = await q.execute();
    return withCandidateDetails(db, rows.map(reviewOf));
  }

  /**
   * An administrator settles a review: the record belongs to this person (who takes the
   * source's key), or to a new person, or it is dismissed (not applied; a later snapshot
   * that still has it opens a new review).
   */
  async function resolveReview(actor: Actor, id: number, resolution: ReviewResolution): Promise<ReviewView> {
    authorise(actor, 'sources:feed');
    const found = await db
      .selectFrom('match_reviews')
      .select(['source', 'record_key'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!found) throw notFound('match review', id);
    const source = await loadSource(db, found.source);
    let personId: number | null = null;
    if ('personId' in resolution) {
      const exists = await db
        .selectFrom('people')
        .select('id')
        .where('id', '=', resolution.personId)
        .executeTakeFirst();
      if (!exists)
        throw new StewardError('validation', `person ${resolution.personId} does not exist`, {
          problems: [problem('/personId', 'exists', `no person has id ${resolution.personId}`)],
        });
      personId = await survivorOf(db, resolution.personId);
    }
    await write(deps, actor, async (uow) => {
      await lockSource(uow, source.name);
      const review = await uow.db
        .selectFrom('match_reviews')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (review.state !== 'open')
        throw conflict(`review ${id} is already ${review.state}`, {
          field: 'state',
          rule: 'open',
          message: `is ${review.state}`,
        });
      const record = review.record as unknown as AffiliationRecord;
      if ('create' in resolution && !record.familyName)
        throw conflict(
          `the record of review ${id} has no family name to create a person from; choose a person or dismiss it`,
          { field: '/create', rule: 'no-name', message: 'the record has no family name' },
        );
      let state: 'matched' | 'created' | 'dismissed' = 'dismissed';
      if (!('dismiss' in resolution)) {
        const previous =
          (await previousRecords(uow.db, source.name, [review.record_key])).get(review.record_key) ?? null;
        const ctx: ApplyContext = {
          source,
          snapshotId: null,
          today: today(),
          origin: `review ${id} of ${source.name}`,
          decide: (key) =>
            key === record.personKey ? (personId === null ? { create: true } : { personId }) : undefined,
        };
        const counts = await applyRecords(
          uow,
          ctx,
          [{ recordKey: review.record_key, line: null, hash: recordHash(record), record, previous }],
          [],
        );
        state = counts.peopleCreated > 0 ? 'created' : 'matched';
      }
      await sql`update match_reviews set state = ${state}, resolved_by = ${uow.actor.name}, resolved_at = ${uow.now}::timestamptz where id = ${id}`.execute(
        uow.db,
      );
      uow.record({
        action: 'source.review.resolve',
        op: 'resolved',
        targetType: 'match_review',
        targetId: id,
        before: { state: 'open', source: source.name, recordKey: review.record_key },
        after: { state, ...(personId === null ? {} : { personId }) },
      });
    });
    const [settled] = await withCandidateDetails(db, [
      reviewOf(await db.selectFrom('match_reviews').selectAll().where('id', '=', id).executeTakeFirstOrThrow()),
    ]);
    return settled;
  }

  return { putRecord, deleteRecord, listReviews, resolveReview };
}
