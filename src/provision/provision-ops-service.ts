import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict, invalid } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { fullSync, type FullSyncProgress, runOf } from './full-sync-service.ts';
import type { ProvisionRunner } from './provision-runner.ts';
import type { QueueItem, SyncRun } from './provision-schemas.ts';
import type { PassDeps, PassReport } from './target-pass.ts';
import { loadTarget, type TargetRow } from './target-store.ts';
import { deliveryList, replayDead } from './webhook/webhook-worker.ts';

/**
 * Operating targets: run a pass now, release a held mass change, read the queue (the error
 * queue is its failed part), retry or skip objects, read and replay webhook deliveries,
 * and run a full sync or its dry run. Every change is audited; reads need provision:read.
 */
export type ObjectRef = { objectType: 'person' | 'group' | 'role' | 'unit'; objectId: number };
type QueueState = 'pending' | 'retrying' | 'waiting' | 'errors';

export function createProvisionOpsService(deps: ServiceDeps & { runner: ProvisionRunner; pass: PassDeps }) {
  const { db } = deps;

  async function run(actor: Actor, name: string): Promise<PassReport> {
    authorise(actor, 'provision:configure');
    await loadTarget(db, name);
    return deps.runner.runTarget(name);
  }

  async function release(actor: Actor, name: string): Promise<PassReport> {
    authorise(actor, 'provision:configure');
    await write(deps, actor, async (uow) => {
      const t = await loadTarget(uow.db, name, { forUpdate: true });
      if (t.hold === null) throw conflict(`target ${name} holds no mass change to release`);
      await uow.db.updateTable('provision_targets').set({ released: true }).where('id', '=', t.id).execute();
      uow.record({
        action: 'provision.release',
        op: 'updated',
        targetType: 'provision_target',
        targetId: t.id,
        before: { hold: t.hold },
        after: { released: true },
      });
    });
    return deps.runner.runTarget(name);
  }

  async function queue(actor: Actor, name: string, state?: QueueState): Promise<QueueItem[]> {
    authorise(actor, 'provision:read');
    const t = await loadTarget(db, name);
    const filter =
      state === undefined ? sql`true` : state === 'errors' ? sql`p.last_error is not null` : sql`p.state = ${state}`;
    const { rows } = await sql<{
      object_type: string;
      object_id: number;
      label: string | null;
      state: string;
      attempts: number;
      since: Date;
      next_at: Date;
      last_error: string | null;
    }>`
      select p.object_type, p.object_id, p.state, p.attempts, p.since, p.next_at, p.last_error,
        case p.object_type
          when 'person' then (select coalesce(x.preferred_name, x.given_name) || ' ' || x.family_name from people x where x.id = p.object_id)
          when 'group' then (select g.name from groups g where g.id = p.object_id)
          when 'unit' then (select o.name from org_units o where o.id = p.object_id)
          else null end as label
      from provision_pending p where p.target_id = ${t.id} and ${filter}
      order by p.last_error is null, p.next_at, p.object_type, p.object_id limit 1000`.execute(db);
    return rows.map((r) => ({
      objectType: r.object_type,
      objectId: r.object_id,
      label: r.label,
      state: r.state,
      attempts: r.attempts,
      since: new Date(r.since).toISOString(),
      nextAt: new Date(r.next_at).toISOString(),
      lastError: r.last_error,
    }));
  }

  /** Retries objects now (or every failed one); `skip` drops them from the queue until their next change. */
  async function settle(actor: Actor, name: string, how: 'retry' | 'skip', objects?: ObjectRef[]): Promise<number> {
    authorise(actor, 'provision:configure');
    if (how === 'skip' && !objects?.length) throw invalid('/objects', 'minItems', 'name the objects to skip');
    return write(deps, actor, async (uow) => {
      const t = await loadTarget(uow.db, name);
      const chosen = objects?.length
        ? sql`(p.object_type, p.object_id) in (select x.t, x.i from jsonb_to_recordset(${JSON.stringify(
            objects.map((o) => ({ t: o.objectType, i: o.objectId })),
          )}::jsonb) as x(t text, i bigint))`
        : sql`p.last_error is not null`;
      const { rows } =
        how === 'retry'
          ? await sql<{
              object_id: number;
            }>`update provision_pending p set attempts = 0, state = 'pending', next_at = ${uow.now}
              where p.target_id = ${t.id} and ${chosen} returning p.object_id`.execute(uow.db)
          : await sql<{ object_id: number }>`delete from provision_pending p where p.target_id = ${t.id} and ${chosen}
              returning p.object_id`.execute(uow.db);
      uow.record({
        action: `provision.${how}`,
        op: 'updated',
        targetType: 'provision_target',
        targetId: t.id,
        after: { objects: objects ?? 'every failed object', affected: rows.length },
      });
      return rows.length;
    });
  }

  async function webhookTarget(name: string): Promise<TargetRow> {
    const t = await loadTarget(db, name);
    if (t.kind !== 'webhook')
      throw conflict(`target ${name} is not a webhook target`, { field: '/name', rule: 'kind' });
    return t;
  }

  async function deliveries(
    actor: Actor,
    name: string,
    q: { state?: 'pending' | 'delivered' | 'dead'; after?: number; limit?: number },
  ) {
    authorise(actor, 'provision:read');
    const t = await webhookTarget(name);
    return deliveryList(db, t.id, { state: q.state, after: q.after, limit: q.limit ?? 100 });
  }

  async function replay(actor: Actor, name: string, ids?: number[]): Promise<number> {
    authorise(actor, 'provision:configure');
    const t = await webhookTarget(name);
    return write(deps, actor, async (uow) => {
      const affected = await replayDead(uow.db, t.id, { ids }, uow.now);
      uow.record({
        action: 'provision.replay',
        op: 'updated',
        targetType: 'provision_target',
        targetId: t.id,
        after: { ids: ids ?? 'every dead delivery', affected },
      });
      return affected;
    });
  }

  /** The target a full sync would read, after checking the actor may run it and the target can be synced. */
  async function syncable(actor: Actor, name: string): Promise<TargetRow> {
    authorise(actor, 'provision:configure');
    const t = await loadTarget(db, name);
    if (t.kind === 'webhook')
      throw conflict(`target ${name} is a webhook target; a full sync reads a directory or a SCIM application`);
    return t;
  }

  async function sync(actor: Actor, name: string, dryRun: boolean, progress?: FullSyncProgress): Promise<SyncRun> {
    const t = await syncable(actor, name);
    const result = await deps.runner.exclusive(() => fullSync(deps.pass, t, dryRun, progress));
    await write(deps, actor, async (uow) =>
      uow.record({
        action: dryRun ? 'provision.sync.dry-run' : 'provision.sync',
        op: 'updated',
        targetType: 'provision_target',
        targetId: t.id,
        after: { run: result.id, state: result.state, counts: result.counts },
      }),
    );
    return result;
  }

  async function runs(actor: Actor, name: string): Promise<SyncRun[]> {
    authorise(actor, 'provision:read');
    const t = await loadTarget(db, name);
    const rows = await db
      .selectFrom('provision_runs')
      .selectAll()
      .where('target_id', '=', t.id)
      .orderBy('id', 'desc')
      .limit(20)
      .execute();
    return rows.map(runOf);
  }

  return {
    run,
    release,
    queue,
    retry: (a: Actor, n: string, o?: ObjectRef[]) => settle(a, n, 'retry', o),
    skip: (a: Actor, n: string, o?: ObjectRef[]) => settle(a, n, 'skip', o),
    deliveries,
    replay,
    syncable,
    sync,
    runs,
  };
}
