import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { authorise } from '../auth/policy.ts';
import type { DB } from '../db/schema.ts';
import type { AuditEntry, VerifyReport } from '../http/audit-schemas.ts';
import { createChainCheck } from './audit-chain-rules.ts';

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
  actor?: string;
  action?: string;
  beforeSeq?: number;
  limit?: number;
}

/** Reading and verifying the hash-chained audit trail. */
export function createAuditService(deps: { db: Kysely<DB> }) {
  const { db } = deps;

  /** Newest first; page with `beforeSeq`. Used for search and for a record's history. */
  async function list(actor: Actor, q: AuditQuery, { authorised = false } = {}): Promise<AuditEntry[]> {
    if (!authorised) authorise(actor, 'audit:read');
    let query = db.selectFrom('audit_log').selectAll();
    if (q.targetType) query = query.where('target_type', '=', q.targetType);
    if (q.targetIds) query = query.where('target_id', 'in', q.targetIds.length ? q.targetIds : ['']);
    if (q.actor) query = query.where('actor', '=', q.actor);
    if (q.action) query = query.where('action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
    if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
    const rows = await query
      .orderBy('seq', 'desc')
      .limit(Math.min(q.limit ?? 100, 1000))
      .execute();
    return rows.map((r) => view(r as unknown as Record<string, unknown>));
  }

  /** Walks the whole chain in order, a page at a time, through the chain check (audit-chain-rules.ts). */
  async function verify(actor: Actor, onProgress?: (checked: number) => void): Promise<VerifyReport> {
    authorise(actor, 'audit:read');
    const head = await db.selectFrom('chain_heads').selectAll().where('name', '=', 'audit').executeTakeFirstOrThrow();
    const check = createChainCheck();
    const page = 5000;
    let going = true;
    while (going) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', check.nextSeq - 1)
        .orderBy('seq')
        .limit(page)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        going = check.row({
          record: {
            seq: r.seq,
            at: r.at as Date,
            actorId: r.actor_id,
            actor: r.actor,
            action: r.action,
            targetType: r.target_type,
            targetId: r.target_id,
            reason: r.reason,
            before: r.before,
            after: r.after,
          },
          prevHash: r.prev_hash,
          hash: r.hash,
        });
        if (!going) break;
      }
      onProgress?.(check.checked);
      if (rows.length < page) break;
    }
    const problems = check.finish({ seq: head.seq, hash: head.hash });
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
