import type { Lifecycle } from '../target-definition.ts';

/**
 * One SCIM user's plan: from what Steward wants in the application now and what it last wrote
 * there (or, in a full sync, what the application holds), the requests that close the gap —
 * leave groups, create or change the user, join groups — and the sync row afterwards. Pure.
 *
 * A user who is no longer selected is deactivated (`active: false`) and taken out of the
 * pushed groups; the user is deleted once the retention has passed (at once when the target
 * does not disable). Values are the mapped SCIM attributes (mapping key → one value); groups
 * are Steward group keys (`group:12`, `role:3`), turned into SCIM group ids when written.
 */
export type ScimValues = Record<string, string>;

export interface DesiredUser {
  values: ScimValues;
  groups: string[];
}

export interface SyncedUser {
  /** The application's id of the user ('' before it is created). */
  id: string;
  values: ScimValues;
  groups: string[];
  active: boolean;
  disabledAt: Date | null;
}

export type ScimOp =
  | { op: 'create'; values: ScimValues }
  | { op: 'patch'; replace: ScimValues; remove: string[]; active?: boolean }
  | { op: 'deactivate' }
  | { op: 'delete' }
  | { op: 'join'; group: string }
  | { op: 'leave'; group: string };

export type UserAction = 'create' | 'update' | 'enable' | 'disable' | 'delete' | 'none';

export interface UserPlan {
  action: UserAction;
  ops: ScimOp[];
  /** The sync row afterwards (its id is the created user's once written); null: the user is gone. */
  next: SyncedUser | null;
}

export interface ScimPlanOptions {
  lifecycle: Lifecycle;
  now: Date;
}

const DAY_MS = 86_400_000;

/** The values to replace and the attributes to remove to turn `from` into `to`. */
export function valueChanges(from: ScimValues, to: ScimValues): { replace: ScimValues; remove: string[] } {
  const replace: ScimValues = {};
  for (const [k, v] of Object.entries(to)) if (from[k] !== v) replace[k] = v;
  const remove = Object.keys(from).filter((k) => to[k] === undefined);
  return { replace, remove };
}

function update(desired: DesiredUser, synced: SyncedUser): UserPlan {
  const leave = synced.groups.filter((g) => !desired.groups.includes(g));
  const join = desired.groups.filter((g) => !synced.groups.includes(g));
  const { replace, remove } = valueChanges(synced.values, desired.values);
  const ops: ScimOp[] = leave.map((group) => ({ op: 'leave', group }));
  const changed = Object.keys(replace).length > 0 || remove.length > 0;
  if (changed || !synced.active) ops.push({ op: 'patch', replace, remove, ...(synced.active ? {} : { active: true }) });
  ops.push(...join.map((group): ScimOp => ({ op: 'join', group })));
  const action: UserAction = !synced.active ? 'enable' : ops.length ? 'update' : 'none';
  return { action, ops, next: { id: synced.id, ...desired, active: true, disabledAt: null } };
}

/** A deactivated user is deleted once the retention has passed since it was deactivated. */
export function deletionDue(synced: SyncedUser, o: ScimPlanOptions): boolean {
  const days = o.lifecycle.deleteAfterDays;
  if (days === null || synced.disabledAt === null) return false;
  return o.now.getTime() >= synced.disabledAt.getTime() + days * DAY_MS;
}

function retire(synced: SyncedUser, o: ScimPlanOptions): UserPlan {
  const leave: ScimOp[] = synced.groups.map((group) => ({ op: 'leave', group }));
  if (synced.active && o.lifecycle.disable)
    return {
      action: 'disable',
      ops: [...leave, { op: 'deactivate' }],
      next: { ...synced, groups: [], active: false, disabledAt: o.now },
    };
  if (synced.active || deletionDue(synced, o)) return { action: 'delete', ops: [{ op: 'delete' }], next: null };
  return { action: leave.length ? 'update' : 'none', ops: leave, next: { ...synced, groups: [] } };
}

export function planUser(desired: DesiredUser | null, synced: SyncedUser | null, o: ScimPlanOptions): UserPlan {
  if (desired && !synced)
    return {
      action: 'create',
      ops: [
        { op: 'create', values: desired.values },
        ...desired.groups.map((group): ScimOp => ({ op: 'join', group })),
      ],
      next: { id: '', ...desired, active: true, disabledAt: null },
    };
  if (desired && synced) return update(desired, synced);
  if (synced) return retire(synced, o);
  return { action: 'none', ops: [], next: null };
}

/** A short description of an op, for a full sync's list of fixes. */
export function describeScimOp(op: ScimOp): string {
  switch (op.op) {
    case 'create':
      return `create ${op.values.userName ?? ''}`.trim();
    case 'patch': {
      const parts = [...Object.keys(op.replace).map((k) => `set ${k}`), ...op.remove.map((k) => `clear ${k}`)];
      if (op.active) parts.push('activate');
      return parts.join(', ');
    }
    case 'deactivate':
      return 'deactivate';
    case 'delete':
      return 'delete';
    case 'join':
      return `join ${op.group}`;
    case 'leave':
      return `leave ${op.group}`;
  }
}
