import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.ts';
import type { DB } from '../platform/db/schema.ts';
import { isoDate } from '../platform/dates.ts';
import { intake, enqueue } from './change-intake.ts';
import { holdReason, mustHold } from './hold-rules.ts';
import { type ActionCounts, noActions, syncAccounts } from './ldap/ldap-pass.ts';
import type { LdapDirectory } from './ldap/ldap-ops.ts';
import { syncGroups, syncUnits } from './ldap/ldap-structure.ts';
import { directoryGroups, type Resolved, resolveTargetSelection, selectedAmong } from './selection-query.ts';
import type { LdapTargetSettings, TargetDefinition } from './target-definition.ts';
import { definitionOf, provisionedCount, type TargetRow } from './target-store.ts';
import { queueDeliveries } from './webhook/webhook-queue.ts';
import { deliverDue } from './webhook/webhook-worker.ts';
import { selectedIds } from '../feeds/feed-query.ts';
import { openScimClient, type ScimClient, ScimError } from './scim/scim-connector.ts';
import { ensureGroups, pushedGroups } from './scim/scim-groups.ts';
import { type ScimCounts, syncScimUsers } from './scim/scim-pass.ts';
import type { ScimTargetSettings } from './scim/scim-settings-rules.ts';
import { holdQueueUntil } from './scim/scim-sync-store.ts';

/**
 * One pass of one target: queue what the change log touched since its cursor, then bring
 * the queued objects in step. LDAP: structure (OUs, groups), then accounts, unless the
 * pass would retire more accounts than the threshold allows, in which case the target is
 * held until an administrator releases it. Webhook: queue the matching entries as
 * deliveries, then deliver what is due.
 */
export interface PassDeps {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  openDirectory: (settings: LdapTargetSettings, password: string) => LdapDirectory;
  /** The SCIM client of a target (default: over global fetch). */
  openScim?: (settings: ScimTargetSettings, token: string, now: () => Date) => ScimClient;
}

export function scimClientOf(deps: PassDeps, row: TargetRow): ScimClient {
  const open = deps.openScim ?? openScimClient;
  return open(definitionOf(row).settings as ScimTargetSettings, row.secrets.token ?? '', () => deps.clock.now());
}

export interface PassReport {
  target: string;
  queued: number;
  held: boolean;
  /** LDAP accounts or SCIM users, by what was done. */
  accounts: ActionCounts;
  renamedOus: number;
  deliveries: { delivered: number; failed: number; dead: number };
  error: string | null;
}

type Db = Kysely<DB>;

/** A new target (or one whose day was never evaluated) starts with everyone it selects. */
async function initialLoad(db: Db, row: TargetRow, sel: Resolved, now: Date): Promise<number> {
  if (row.evaluated_on !== null) return 0;
  const today = isoDate(now);
  let after = 0;
  let total = 0;
  for (;;) {
    const ids = await selectedIds(db, sel, today, after, 10_000);
    if (ids.length === 0) break;
    await enqueue(db, row.id, 'person', ids, now);
    total += ids.length;
    after = ids[ids.length - 1];
  }
  await db.updateTable('provision_targets').set({ evaluated_on: today }).where('id', '=', row.id).execute();
  return total;
}

/** Checks the due queue for a mass retirement; sets the hold and returns true when it must wait. */
async function holds(db: Db, row: TargetRow, def: TargetDefinition, sel: Resolved, now: Date): Promise<boolean> {
  if (row.released) return false;
  const { rows } = await sql<{ object_id: number }>`
    select p.object_id from provision_pending p join provision_objects o
      on o.target_id = p.target_id and o.object_type = 'person' and o.object_id = p.object_id and o.state = 'active'
    where p.target_id = ${row.id} and p.object_type = 'person' and p.state <> 'waiting' and p.next_at <= ${now}`.execute(
    db,
  );
  const ids = rows.map((r) => r.object_id);
  const selected = await selectedAmong(db, sel, ids, isoDate(now), now);
  const retiring = ids.filter((id) => !selected.has(id)).length;
  const clear = async () => {
    if (row.hold !== null)
      await db.updateTable('provision_targets').set({ hold: null }).where('id', '=', row.id).execute();
    return false;
  };
  if (retiring === 0) return clear();
  const provisioned = await provisionedCount(db, row.id);
  const facts = { retiring, provisioned, thresholdPercent: def.thresholdPercent };
  if (!mustHold(facts)) return clear();
  const since = (row.hold?.since as string | undefined) ?? now.toISOString();
  const hold = { ...facts, reason: holdReason(facts), since };
  await db
    .updateTable('provision_targets')
    .set({ hold: JSON.stringify(hold) })
    .where('id', '=', row.id)
    .execute();
  return true;
}

async function ldapPass(deps: PassDeps, row: TargetRow, report: PassReport): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  const def = definitionOf(row);
  const selection = await resolveTargetSelection(db, def.selection);
  const groups = await directoryGroups(db, def.groups);
  report.queued += await initialLoad(db, row, selection, now);
  const followed = [...groups.filter((g) => g.type === 'group').map((g) => g.id), ...(selection.groupIds ?? [])];
  report.queued += (await intake(db, row.id, followed, now)).queued;
  if (row.state === 'paused') return;
  if (await holds(db, row, def, selection, now)) {
    report.held = true;
    return;
  }
  const settings = def.settings as LdapTargetSettings;
  const directory = deps.openDirectory(settings, row.secrets.password ?? '');
  try {
    const structure = { db, directory, settings, targetId: row.id, now };
    report.renamedOus = await syncUnits(structure);
    const groupDns = await syncGroups(structure, groups);
    const ensured = new Set<string>();
    await syncAccounts(
      { db, directory, targetId: row.id, def, selection, groups, groupDns, now },
      report.accounts,
      ensured,
    );
    if (row.released)
      await db.updateTable('provision_targets').set({ released: false, hold: null }).where('id', '=', row.id).execute();
  } finally {
    await directory.close();
  }
}

async function scimPass(deps: PassDeps, row: TargetRow, report: PassReport): Promise<void> {
  const { db } = deps;
  const now = deps.clock.now();
  const def = definitionOf(row);
  const selection = await resolveTargetSelection(db, def.selection);
  const groups = await pushedGroups(db, def);
  report.queued += await initialLoad(db, row, selection, now);
  const followed = [...groups.filter((g) => g.type === 'group').map((g) => g.id), ...(selection.groupIds ?? [])];
  report.queued += (await intake(db, row.id, followed, now)).queued;
  if (row.state === 'paused') return;
  if (await holds(db, row, def, selection, now)) {
    report.held = true;
    return;
  }
  const client = scimClientOf(deps, row);
  try {
    const groupIds = await ensureGroups(db, client, row.id, groups, now);
    await syncScimUsers(
      { db, client, targetId: row.id, def, selection, groups, groupIds, now },
      report.accounts as ScimCounts,
    );
  } catch (e) {
    if (e instanceof ScimError && e.kind === 'busy') await holdQueueUntil(db, row.id, e.retryAt!);
    throw e;
  }
  if (row.released)
    await db.updateTable('provision_targets').set({ released: false, hold: null }).where('id', '=', row.id).execute();
}

async function webhookPass(deps: PassDeps, row: TargetRow, report: PassReport): Promise<void> {
  for (;;) {
    const q = await queueDeliveries(deps.db, row, deps.clock.now());
    report.queued += q.queued;
    if (q.cursor >= q.head) break;
  }
  if (row.state === 'paused') return;
  report.deliveries = await deliverDue({ db: deps.db, clock: deps.clock, log: deps.log }, row);
}

/** Runs one pass of the target; a failure is recorded as the target's last error (and returned), never thrown. */
export async function runPass(deps: PassDeps, row: TargetRow): Promise<PassReport> {
  const report: PassReport = {
    target: row.name,
    queued: 0,
    held: false,
    accounts: noActions(),
    renamedOus: 0,
    deliveries: { delivered: 0, failed: 0, dead: 0 },
    error: null,
  };
  try {
    if (row.kind === 'ldap') await ldapPass(deps, row, report);
    else if (row.kind === 'scim') await scimPass(deps, row, report);
    else await webhookPass(deps, row, report);
  } catch (e) {
    report.error = e instanceof Error ? e.message : String(e);
    deps.log.warn({ target: row.name, err: report.error }, 'provisioning pass failed');
  }
  await deps.db
    .updateTable('provision_targets')
    .set({ last_run_at: deps.clock.now(), last_error: report.error })
    .where('id', '=', row.id)
    .execute();
  return report;
}
