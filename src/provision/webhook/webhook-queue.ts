import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { defaultEventSource, eventSubject, toCloudEvent } from './cloud-event.ts';
import { filterEntityTypes, matchesEvent } from './webhook-filter-rules.ts';
import { webhookTarget } from './webhook-settings-rules.ts';

/**
 * Queues a webhook target's deliveries: the change-log entries after its cursor that its
 * events filter matches become `webhook_deliveries` rows, and the cursor moves past every
 * entry read, matching or not, up to the head of the log. One transaction holding the
 * target row (`for update`), so two processes never queue the same entries twice; the
 * unique (target, position) makes a repeat harmless anyway. A paused target still queues
 * (nothing is lost while it is paused; the worker does not deliver).
 */
export interface QueueCounts {
  /** Deliveries inserted. */
  queued: number;
  /** Entries of the filter's entity types read (matching or not). */
  scanned: number;
  /** The target's cursor now. */
  cursor: number;
  /** The head of the change log; cursor < head means call again. */
  head: number;
}

const insertChunk = 500;

export async function queueDeliveries(
  db: Kysely<DB>,
  target: { id: number },
  now: Date,
  limit = 1000,
): Promise<QueueCounts> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('provision_targets')
      .select(['id', 'name', 'kind', 'cursor', 'settings', 'secrets'])
      .where('id', '=', target.id)
      .forUpdate()
      .executeTakeFirstOrThrow(() => new Error(`no provisioning target ${target.id}`));
    if (row.kind !== 'webhook') throw new Error(`target ${row.name} is not a webhook target`);
    const settings = webhookTarget(row.settings, row.secrets);
    const head = Number(
      (await trx.selectFrom('chain_heads').select('seq').where('name', '=', 'changes').executeTakeFirst())?.seq ?? 0,
    );
    const types = filterEntityTypes(settings.filter);
    let query = trx
      .selectFrom('change_log')
      .selectAll()
      .where('position', '>', row.cursor)
      .where('position', '<=', head);
    if (types) query = query.where('entity_type', 'in', types);
    const entries = await query.orderBy('position').limit(Math.max(limit, 1)).execute();
    const cursor = entries.length >= Math.max(limit, 1) ? entries[entries.length - 1].position : head;
    const source = settings.source ?? defaultEventSource;
    const rows = entries
      .filter((e) => matchesEvent(settings.filter, e.entity_type, e.op))
      .map((e) => ({
        target_id: row.id,
        position: e.position,
        subject: eventSubject(e.entity_type, e.entity_id),
        event: JSON.stringify(toCloudEvent(e, row.name, source)),
        next_at: now,
        created_at: now,
      }));
    let queued = 0;
    for (let i = 0; i < rows.length; i += insertChunk) {
      const inserted = await trx
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + insertChunk))
        .onConflict((oc) => oc.columns(['target_id', 'position']).doNothing())
        .returning('id')
        .execute();
      queued += inserted.length;
    }
    if (cursor > row.cursor) {
      await trx.updateTable('provision_targets').set({ cursor }).where('id', '=', row.id).execute();
    }
    return { queued, scanned: entries.length, cursor: Math.max(cursor, row.cursor), head };
  });
}
