import type { Kysely, Selectable } from 'kysely';
import type { ProvisionRunsTable } from '../platform/db/provision-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { holdReason, mustHold } from './hold-rules.ts';
import { applyFixes, planFullSync, type SyncProgress } from './ldap/full-sync.ts';
import { syncGroups } from './ldap/ldap-structure.ts';
import type { Fix, SyncRun } from './provision-schemas.ts';
import { applyScimFixes, planScimFullSync, scimGroupIds } from './scim/scim-full-sync.ts';
import { pushedGroups } from './scim/scim-groups.ts';
import { directoryGroups, resolveTargetSelection } from './selection-query.ts';
import { type PassDeps, scimClientOf } from './target-pass.ts';
import type { LdapTargetSettings } from './target-definition.ts';
import { definitionOf, provisionedCount, type TargetRow } from './target-store.ts';

/**
 * Runs a full sync (or its dry run) of an LDAP or SCIM target and records it as a run with its
 * fixes. A sync that would disable or delete more than the target's threshold is held: it
 * is recorded as held with its fixes, nothing is written, and the target shows the hold
 * until an administrator releases it (the next full sync after the release goes ahead).
 */
type Db = Kysely<DB>;
const KEPT_FIXES = 5000;

export function runOf(r: Selectable<ProvisionRunsTable>): SyncRun {
  const iso = (d: Date | string) => new Date(d).toISOString();
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    startedAt: iso(r.started_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
    counts: r.counts,
    fixes: r.fixes as SyncRun['fixes'],
    error: r.error,
  };
}

async function finish(
  db: Db,
  id: number,
  values: { state: SyncRun['state']; counts: object; fixes: object[]; error: string | null },
  now: Date,
) {
  const row = await db
    .updateTable('provision_runs')
    .set({
      state: values.state as 'done',
      counts: JSON.stringify(values.counts),
      fixes: JSON.stringify(values.fixes.slice(0, KEPT_FIXES)),
      error: values.error,
      finished_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return runOf(row);
}

/**
 * Progress of a full sync for a job that follows it: `planned` once the fixes are known (their counts by action), then
 * `applied` after each page of fixes.
 */
export interface FullSyncProgress {
  planned?(total: number, counts: Record<string, number>): Promise<void>;
  applied?: SyncProgress;
}

export async function fullSync(
  deps: PassDeps,
  row: TargetRow,
  dryRun: boolean,
  progress: FullSyncProgress = {},
): Promise<SyncRun> {
  const { db } = deps;
  const now = deps.clock.now();
  const run = await db
    .insertInto('provision_runs')
    .values({
      target_id: row.id,
      kind: dryRun ? 'dry-run' : 'full',
      state: 'running',
      started_at: now,
      counts: '{}',
      fixes: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const work = row.kind === 'scim' ? scimWork : ldapWork;
  let session: SyncWork | null = null;
  try {
    session = await work(deps, row, dryRun, now);
    const def = definitionOf(row);
    const counts: Record<string, number> = {};
    for (const p of session.fixes) counts[p.action] = (counts[p.action] ?? 0) + 1;
    const fixes = session.fixes;
    await progress.planned?.(fixes.length, counts);
    if (dryRun) return await finish(db, run.id, { state: 'done', counts, fixes, error: null }, deps.clock.now());
    const provisioned = await provisionedCount(db, row.id);
    const facts = {
      retiring: (counts.disable ?? 0) + (counts.delete ?? 0),
      provisioned,
      thresholdPercent: def.thresholdPercent,
    };
    if (!row.released && mustHold(facts)) {
      const hold = { ...facts, reason: `full sync ${holdReason(facts)}`, since: now.toISOString() };
      await db
        .updateTable('provision_targets')
        .set({ hold: JSON.stringify(hold) })
        .where('id', '=', row.id)
        .execute();
      return await finish(db, run.id, { state: 'held', counts, fixes, error: null }, deps.clock.now());
    }
    counts.failed = await session.apply(progress.applied);
    if (row.released)
      await db.updateTable('provision_targets').set({ released: false, hold: null }).where('id', '=', row.id).execute();
    return await finish(db, run.id, { state: 'done', counts, fixes, error: null }, deps.clock.now());
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return await finish(db, run.id, { state: 'failed', counts: {}, fixes: [], error }, deps.clock.now());
  } finally {
    await session?.close();
  }
}

/** The kind's part of a full sync: its fixes (read, planned), how to carry them out, and what to close. */
interface SyncWork {
  fixes: Fix[];
  apply(onProgress?: SyncProgress): Promise<number>;
  close(): Promise<void>;
}

async function ldapWork(deps: PassDeps, row: TargetRow, dryRun: boolean, now: Date): Promise<SyncWork> {
  const { db } = deps;
  const def = definitionOf(row);
  const settings = def.settings as LdapTargetSettings;
  const directory = deps.openDirectory(settings, row.secrets.password ?? '');
  try {
    const selection = await resolveTargetSelection(db, def.selection);
    const groups = await directoryGroups(db, def.groups);
    if (!dryRun) await syncGroups({ db, directory, settings, targetId: row.id, now }, groups);
    const planned = await planFullSync({ db, directory, targetId: row.id, def, selection, groups, now });
    return {
      fixes: planned.map((p) => p.fix),
      apply: (onProgress) => applyFixes(db, directory, row.id, planned, now, onProgress),
      close: () => directory.close(),
    };
  } catch (e) {
    await directory.close();
    throw e;
  }
}

async function scimWork(deps: PassDeps, row: TargetRow, dryRun: boolean, now: Date): Promise<SyncWork> {
  const { db } = deps;
  const def = definitionOf(row);
  const selection = await resolveTargetSelection(db, def.selection);
  const groups = await pushedGroups(db, def);
  const base = { db, client: scimClientOf(deps, row), targetId: row.id, def, selection, groups, now };
  const scim = { ...base, groupIds: await scimGroupIds({ ...base, groupIds: new Map() }, dryRun) };
  const planned = await planScimFullSync(scim);
  return {
    fixes: planned.map((p) => p.fix),
    apply: (onProgress) => applyScimFixes(scim, planned, onProgress),
    close: async () => {},
  };
}
