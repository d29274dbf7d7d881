import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { authorise } from '../auth/policy.ts';
import type { DB } from '../db/schema.ts';
import type { ChangePage } from '../http/audit-schemas.ts';

/**
 * The ordered change log, read from a consumer's cursor. Positions are gapless and in
 * commit order (see UnitOfWork.flush), so "everything after N" is complete and stable.
 */
export function createChangeService(deps: { db: Kysely<DB> }) {
  const { db } = deps;

  async function after(actor: Actor, position: number, limit = 500, entityType?: string): Promise<ChangePage> {
    authorise(actor, 'changes:read');
    let q = db.selectFrom('change_log').selectAll().where('position', '>', position);
    if (entityType) q = q.where('entity_type', '=', entityType);
    const rows = await q
      .orderBy('position')
      .limit(Math.min(Math.max(limit, 1), 5000))
      .execute();
    const head = await db
      .selectFrom('chain_heads')
      .select('seq')
      .where('name', '=', 'changes')
      .executeTakeFirstOrThrow();
    const changes = rows.map((r) => ({
      position: r.position,
      at: (r.at as Date).toISOString(),
      entityType: r.entity_type,
      entityId: r.entity_id,
      op: r.op,
      data: r.data,
    }));
    return { changes, next: changes.length ? changes[changes.length - 1].position : position, head: head.seq };
  }

  return { after };
}

export type ChangeService = ReturnType<typeof createChangeService>;
