import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { isoDate } from '../../platform/dates.ts';
import { selectedIds } from '../../feeds/feed-query.ts';
import type { Fix } from '../provision-schemas.ts';
import type { ScimClient } from './scim-connector.ts';
import { ensureGroups } from './scim-groups.ts';
import { applyPlan } from './scim-apply.ts';
import { desiredUsers, SCIM_PAGE, type ScimPassDeps } from './scim-pass.ts';
import type { SyncProgress } from '../ldap/full-sync.ts';
import { describeScimOp, planUser, type SyncedUser, type UserPlan } from './scim-plan-rules.ts';
import { type ScimResource, valuesOfResource } from './scim-resource-rules.ts';
import { recordUsers, syncedGroups, syncedUsers, type UserOutcome } from './scim-sync-store.ts';

/**
 * A full sync of a SCIM target: page through the application's users (startIndex and count
 * until totalResults) and read the members of the pushed groups, then feed the same planner
 * as the passes with what the application holds instead of what Steward last wrote. Values
 * changed in the application are set back, users deactivated or deleted there come back,
 * users Steward provisioned whose people left are deactivated, group members are added or
 * removed, and members of pushed groups that are no users of Steward's are taken out. Users
 * Steward never wrote are reported, not touched. A dry run lists the fixes.
 */
type Db = Kysely<DB>;
const LIST_PAGE = 100;

export interface ScimPlannedFix {
  fix: Fix;
  plan: UserPlan;
  before: SyncedUser | null;
  outcome: Omit<UserOutcome, 'next'> | null;
  /** Members of a pushed group that are no users of Steward's: taken out. */
  strays?: { groupId: string; userIds: string[] };
}

/** Every user the application holds, `count` at a time. */
export async function allUsers(client: ScimClient, count = LIST_PAGE): Promise<ScimResource[]> {
  const out: ScimResource[] = [];
  let start = 1;
  for (;;) {
    const page = await client.listUsers(start, count);
    out.push(...page.resources);
    start += page.resources.length;
    if (page.resources.length === 0 || start > page.totalResults) return out;
  }
}

async function candidates(db: Db, deps: Omit<ScimPassDeps, 'client'>): Promise<number[]> {
  const ids = new Set<number>();
  let after = 0;
  for (;;) {
    const page = await selectedIds(db, deps.selection, isoDate(deps.now), after, 10_000);
    if (page.length === 0) break;
    for (const id of page) ids.add(id);
    after = page[page.length - 1];
  }
  const synced = await db
    .selectFrom('provision_objects')
    .select('object_id')
    .where('target_id', '=', deps.targetId)
    .where('object_type', '=', 'person')
    .execute();
  for (const s of synced) ids.add(s.object_id);
  return [...ids].sort((a, b) => a - b);
}

/** The group ids to compare with: made when missing (not in a dry run, which uses the known ones). */
export async function scimGroupIds(deps: ScimPassDeps, dryRun: boolean): Promise<Map<string, string>> {
  if (!dryRun) return ensureGroups(deps.db, deps.client, deps.targetId, deps.groups, deps.now);
  const synced = await syncedGroups(deps.db, deps.targetId);
  return new Map([...synced].map(([key, g]) => [key, g.id]));
}

/** Reads the application and plans every fix (nothing is written). */
export async function planScimFullSync(deps: ScimPassDeps): Promise<ScimPlannedFix[]> {
  const { db, client, def, now } = deps;
  const users = await allUsers(client);
  const byId = new Map(users.map((u) => [String(u.id), u]));
  const byUserName = new Map(users.map((u) => [String(u.userName).toLowerCase(), u]));
  const memberOf = new Map<string, string[]>();
  const members = new Map<string, string[]>();
  for (const [key, gid] of deps.groupIds) {
    members.set(gid, (await client.groupMembers(gid)) ?? []);
    for (const uid of members.get(gid)!) memberOf.set(uid, [...(memberOf.get(uid) ?? []), key]);
  }
  const keys = Object.keys(def.mappings);
  const seen = new Set<string>();
  const out: ScimPlannedFix[] = [];
  const ids = await candidates(db, deps);
  for (let i = 0; i < ids.length; i += SCIM_PAGE) {
    const page = ids.slice(i, i + SCIM_PAGE);
    const wanted = await desiredUsers(deps, page);
    const synced = await syncedUsers(db, deps.targetId, page);
    for (const id of page) {
      const w = wanted.get(id)!;
      const s = synced.get(id);
      const userName = w.desired?.values.userName?.toLowerCase();
      const remote = (s && byId.get(s.id)) ?? (userName ? byUserName.get(userName) : undefined);
      if (w.error) {
        out.push({
          fix: { objectType: 'person', objectId: id, dn: s?.id ?? '', action: 'failed', detail: w.error },
          plan: { action: 'none', ops: [], next: null },
          before: null,
          outcome: null,
        });
        continue;
      }
      const rid = remote ? String(remote.id) : '';
      if (remote) seen.add(rid);
      const inactive = remote?.active === false;
      const before: SyncedUser | null = remote
        ? {
            id: rid,
            values: valuesOfResource(remote, keys),
            groups: memberOf.get(rid) ?? [],
            active: !inactive,
            disabledAt: inactive ? (s?.disabledAt ?? now) : null,
          }
        : null;
      const plan = planUser(w.desired, before, { lifecycle: def.lifecycle, now });
      const moved = s !== undefined && (plan.next === null || plan.next.id !== s.id);
      if (plan.ops.length || moved || (!s && remote)) {
        const detail = plan.ops.map(describeScimOp).join('; ') || 'sync row brought in step';
        out.push({
          fix: { objectType: 'person', objectId: id, dn: rid || (s?.id ?? ''), action: plan.action, detail },
          plan,
          before,
          outcome: { id, since: now },
        });
      }
    }
  }
  for (const [groupId, ids] of members) {
    const userIds = ids.filter((id) => !seen.has(id));
    if (userIds.length)
      out.push({
        fix: {
          objectType: 'group',
          objectId: null,
          dn: groupId,
          action: 'remove-members',
          detail: `members Steward did not provision: ${userIds.join('; ')}`,
        },
        plan: { action: 'none', ops: [], next: null },
        before: null,
        outcome: null,
        strays: { groupId, userIds },
      });
  }
  for (const u of users)
    if (!seen.has(String(u.id)))
      out.push({
        fix: {
          objectType: 'user',
          objectId: null,
          dn: String(u.id),
          action: 'unmanaged',
          detail: `${String(u.userName)}: a user Steward did not write; left as it is`,
        },
        plan: { action: 'none', ops: [], next: null },
        before: null,
        outcome: null,
      });
  return out;
}

/** Carries out the planned fixes in order and records each user's sync row. Returns how many failed. */
export async function applyScimFixes(
  deps: ScimPassDeps,
  fixes: ScimPlannedFix[],
  onProgress?: SyncProgress,
): Promise<number> {
  let failed = 0;
  const done: UserOutcome[] = [];
  for (const [i, f] of fixes.entries()) {
    if (!f.outcome && !f.strays) continue;
    try {
      for (const id of f.strays?.userIds ?? []) await deps.client.removeMember(f.strays!.groupId, id);
      if (f.outcome) done.push({ ...f.outcome, next: await applyPlan(deps.client, deps.groupIds, f.plan, f.before) });
    } catch (e) {
      if (e instanceof Error && 'kind' in e && e.kind !== 'refused') {
        await recordUsers(deps.db, deps.targetId, done, [], deps.now);
        throw e;
      }
      failed += 1;
      f.fix.detail = `${f.fix.detail} — failed: ${e instanceof Error ? e.message : String(e)}`;
      f.fix.action = `${f.fix.action} (failed)`;
    }
    if (done.length >= SCIM_PAGE) {
      await recordUsers(deps.db, deps.targetId, done.splice(0), [], deps.now);
      await onProgress?.(i + 1, failed);
    }
  }
  await recordUsers(deps.db, deps.targetId, done, [], deps.now);
  return failed;
}
