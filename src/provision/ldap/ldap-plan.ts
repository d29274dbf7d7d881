import type { DisableSettings, Lifecycle } from '../target-definition.ts';
import type { LdapAttributes, LdapOp } from './ldap-ops.ts';
import { sameDn } from './dn.ts';

/**
 * One account's plan: from what Steward wants in the directory now and what it last wrote
 * there (or, in a full sync, what the directory holds), the writes that close the gap, in
 * an order that never grants old and new groups at once (leave, move, change, join), and
 * what the sync table holds afterwards. Pure.
 */
export interface DesiredAccount {
  dn: string;
  ouDn: string;
  attributes: LdapAttributes;
  /** DNs of the directory groups the account belongs in. */
  groups: string[];
}

export interface SyncedAccount {
  dn: string;
  attributes: LdapAttributes;
  groups: string[];
  disabled: boolean;
  disabledAt: Date | null;
}

export type AccountAction = 'create' | 'update' | 'move' | 'enable' | 'disable' | 'delete' | 'none';

export interface AccountPlan {
  action: AccountAction;
  ops: LdapOp[];
  /** The sync row afterwards; null: the account is gone. */
  next: SyncedAccount | null;
}

export interface PlanOptions {
  objectClasses: string[];
  disable: DisableSettings;
  lifecycle: Lifecycle;
  now: Date;
}

const DAY_MS = 86_400_000;
const lowerKeys = (a: LdapAttributes) => new Map(Object.entries(a).map(([k, v]) => [k.toLowerCase(), { k, v }]));
const sameValues = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
const hasDn = (list: string[], dn: string) => list.some((x) => sameDn(x, dn));

/** The attributes to replace (an empty list removes one) to turn `from` into `to`. */
export function attributeChanges(from: LdapAttributes, to: LdapAttributes): LdapAttributes {
  const before = lowerKeys(from);
  const after = lowerKeys(to);
  const out: LdapAttributes = {};
  for (const [key, { k, v }] of after) if (!sameValues(before.get(key)?.v ?? [], v)) out[k] = v;
  for (const [key, { k }] of before) if (!after.has(key)) out[k] = [];
  return out;
}

function create(desired: DesiredAccount, o: PlanOptions): AccountPlan {
  const ops: LdapOp[] = [
    { op: 'ensureOu', dn: desired.ouDn },
    {
      op: 'add',
      dn: desired.dn,
      attributes: {
        objectClass: o.objectClasses,
        ...desired.attributes,
        [o.disable.attribute]: [o.disable.enabled],
      },
    },
    ...desired.groups.map((g): LdapOp => ({ op: 'addMembers', group: g, members: [desired.dn] })),
  ];
  return { action: 'create', ops, next: { ...desired, disabled: false, disabledAt: null } };
}

function update(desired: DesiredAccount, synced: SyncedAccount, o: PlanOptions): AccountPlan {
  const moved = !sameDn(synced.dn, desired.dn);
  const leave = synced.groups.filter((g) => moved || !hasDn(desired.groups, g));
  const join = desired.groups.filter((g) => moved || !hasDn(synced.groups, g));
  const ops: LdapOp[] = leave.map((g) => ({ op: 'removeMembers', group: g, members: [synced.dn] }));
  if (moved) ops.push({ op: 'ensureOu', dn: desired.ouDn }, { op: 'move', from: synced.dn, to: desired.dn });
  const replace = attributeChanges(synced.attributes, desired.attributes);
  if (synced.disabled) replace[o.disable.attribute] = [o.disable.enabled];
  if (Object.keys(replace).length) ops.push({ op: 'modify', dn: desired.dn, replace });
  ops.push(...join.map((g): LdapOp => ({ op: 'addMembers', group: g, members: [desired.dn] })));
  const action: AccountAction = synced.disabled ? 'enable' : moved ? 'move' : ops.length ? 'update' : 'none';
  return { action, ops, next: { ...desired, disabled: false, disabledAt: null } };
}

function retire(synced: SyncedAccount, o: PlanOptions): AccountPlan {
  const leave: LdapOp[] = synced.groups.map((g) => ({ op: 'removeMembers', group: g, members: [synced.dn] }));
  if (!synced.disabled && o.lifecycle.disable) {
    const replace = { [o.disable.attribute]: [o.disable.disabled] };
    return {
      action: 'disable',
      ops: [...leave, { op: 'modify', dn: synced.dn, replace }],
      next: { ...synced, groups: [], disabled: true, disabledAt: o.now },
    };
  }
  if (!synced.disabled || deletionDue(synced, o)) {
    return { action: 'delete', ops: [...leave, { op: 'delete', dn: synced.dn }], next: null };
  }
  return { action: 'none', ops: leave, next: { ...synced, groups: [] } };
}

/** A disabled account is deleted once the retention has passed since it was disabled. */
export function deletionDue(synced: SyncedAccount, o: Pick<PlanOptions, 'lifecycle' | 'now'>): boolean {
  const days = o.lifecycle.deleteAfterDays;
  if (days === null || synced.disabledAt === null) return false;
  return o.now.getTime() >= synced.disabledAt.getTime() + days * DAY_MS;
}

export function planAccount(desired: DesiredAccount | null, synced: SyncedAccount | null, o: PlanOptions): AccountPlan {
  if (desired && !synced) return create(desired, o);
  if (desired && synced) return update(desired, synced, o);
  if (synced) return retire(synced, o);
  return { action: 'none', ops: [], next: null };
}
