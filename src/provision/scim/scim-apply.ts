import type { ScimClient } from './scim-connector.ts';
import { ScimError } from './scim-connector.ts';
import { type DesiredUser, planUser, type ScimPlanOptions, type SyncedUser, type UserPlan } from './scim-plan-rules.ts';

/**
 * Carrying out one user's plan against the application. A pass writes each person's own
 * requests (leave, create, patch, deactivate, delete) and leaves the group joins to be sent
 * for the whole page, one PATCH `add` per group (`scim-joins.ts`); a full sync writes them all.
 */
export const joinsOf = (plan: UserPlan): string[] => plan.ops.flatMap((op) => (op.op === 'join' ? [op.group] : []));

/** Writes a plan's requests but its joins; returns the sync row afterwards (with the created user's id). */
export async function applyOwn(
  client: ScimClient,
  groupIds: Map<string, string>,
  plan: UserPlan,
  synced: SyncedUser | null,
): Promise<SyncedUser | null> {
  let id = synced?.id ?? '';
  for (const op of plan.ops) {
    const group = op.op === 'leave' ? groupIds.get(op.group) : undefined;
    if (op.op === 'create') id = (await client.createUser(op.values)).id;
    else if (op.op === 'patch') await client.patchUser(id, op.replace, op.remove, op.active);
    else if (op.op === 'deactivate') await client.patchUser(id, {}, [], false);
    else if (op.op === 'delete') await client.deleteUser(id);
    else if (op.op === 'leave' && group) await client.removeMember(group, id);
  }
  return plan.next && { ...plan.next, id };
}

/** Writes all of a plan's requests in order, joins included. */
export async function applyPlan(
  client: ScimClient,
  groupIds: Map<string, string>,
  plan: UserPlan,
  synced: SyncedUser | null,
): Promise<SyncedUser | null> {
  const next = await applyOwn(client, groupIds, plan, synced);
  for (const key of joinsOf(plan)) {
    const group = groupIds.get(key);
    if (group && next) await client.addMembers(group, [next.id]);
  }
  return next;
}

/**
 * Plans one user and writes its own requests. A user deleted in the application (404) is
 * planned again from nothing: made again when the person is selected, gone when not.
 */
export async function writeOwn(
  client: ScimClient,
  groupIds: Map<string, string>,
  desired: DesiredUser | null,
  before: SyncedUser | null,
  options: ScimPlanOptions,
): Promise<{ plan: UserPlan; next: SyncedUser | null }> {
  const plan = planUser(desired, before, options);
  try {
    return { plan, next: await applyOwn(client, groupIds, plan, before) };
  } catch (e) {
    const gone = e instanceof ScimError && e.status === 404 && e.message.includes(' /Users/');
    if (!gone || !before) throw e;
    const again = planUser(desired, null, options);
    return { plan: again, next: await applyOwn(client, groupIds, again, null) };
  }
}
