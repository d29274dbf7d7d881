import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { authorise } from '../auth/policy.ts';
import type { DB } from '../db/schema.ts';
import type { AuditEntry, VerifyReport } from '../http/audit-schemas.ts';
import { createChainCheck, MAX_PROBLEMS } from './audit-chain-rules.ts';
import { batchPage, chainRows, editedRows, firstBatchSeq, lastRowSeq } from './audit-verify-sql.ts';

function view(r: Record<string, unknown>): AuditEntry {
  return {
    seq: r.seq as number,
    at: (r.at as Date).toISOString(),
    actorId: r.actor_id as number | null,
    actor: r.actor as string,
    action: r.action as string,
    targetType: r.target_type as string,
    targetId: r.target_id as string,
    reason: r.reason as string | null,
    before: r.before,
    after: r.after,
  };
}

export interface AuditQuery {
  targetType?: string;
  targetIds?: string[];
  /** More targets, each a type with its ids: an entry matches the type and ids above or one of these. */
  alsoTargets?: { type: string; ids: string[] }[];
  actor?: string;
  action?: string;
  beforeSeq?: number;
  limit?: number;
}

/** Reading and verifying the hash-chained audit trail (per-row chain, then batches: audit-chain-rules.ts). */
export function createAuditService(deps: { db: Kysely<DB> }) {
  const { db } = deps;

  /** Newest first; page with `beforeSeq`. Used for search and for a record's history. */
  async function list(actor: Actor, q: AuditQuery, { authorised = false } = {}): Promise<AuditEntry[]> {
    if (!authorised) authorise(actor, 'audit:read');
    let query = db.selectFrom('audit_log').selectAll();
    const also = q.alsoTargets?.filter((t) => t.ids.length > 0) ?? [];
    if (also.length > 0 && q.targetType && q.targetIds) {
      const targets = [{ type: q.targetType, ids: q.targetIds }, ...also];
      query = query.where((eb) =>
        eb.or(
          targets.map((t) =>
            eb.and([eb('target_type', '=', t.type), eb('target_id', 'in', t.ids.length ? t.ids : [''])]),
          ),
        ),
      );
    } else {
      if (q.targetType) query = query.where('target_type', '=', q.targetType);
      if (q.targetIds) query = query.where('target_id', 'in', q.targetIds.length ? q.targetIds : ['']);
    }
    if (q.actor) query = query.where('actor', '=', q.actor);
    if (q.action) query = query.where('action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
    if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
    const rows = await query
      .orderBy('seq', 'desc')
      .limit(Math.min(q.limit ?? 100, 1000))
      .execute();
    return rows.map((r) => view(r as unknown as Record<string, unknown>));
  }

  /**
   * Walks the whole chain in order through the chain check (audit-chain-rules.ts): the per-row chain a page of rows
   * at a time, then the batches a page at a time, their rows' hashes and digests recomputed by the database.
   */
  async function verify(actor: Actor, onProgress?: (checked: number) => void): Promise<VerifyReport> {
    authorise(actor, 'audit:read');
    const head = await db.selectFrom('chain_heads').selectAll().where('name', '=', 'audit').executeTakeFirstOrThrow();
    const check = createChainCheck();
    const batchesFrom = (await firstBatchSeq(db)) ?? Number.MAX_SAFE_INTEGER;
    const page = 5000;
    let going = true;
    while (going) {
      const rows = await chainRows(db, check.nextSeq, batchesFrom, page);
      for (const r of rows) if (!(going = check.row(r))) break;
      if (rows.length) onProgress?.(check.checked);
      if (rows.length < page) break;
    }
    let from = batchesFrom;
    while (going) {
      const batches = await batchPage(db, from, 20_000);
      if (batches.length === 0) break;
      for (const b of batches) if (!(going = check.batch(b))) break;
      const last = Math.max(...batches.map((b) => b.lastSeq));
      if (going) going = check.edited(await editedRows(db, batches[0].firstSeq, last, MAX_PROBLEMS));
      onProgress?.(check.checked);
      from = batches[batches.length - 1].firstSeq + 1;
    }
    const problems = check.finish({ seq: head.seq, hash: head.hash }, await lastRowSeq(db));
    return {
      ok: problems.length === 0,
      checked: check.checked,
      headSeq: head.seq,
      headHash: Buffer.from(head.hash!).toString('hex'),
      problems,
    };
  }

  return { list, verify };
}

export type AuditService = ReturnType<typeof createAuditService>;
