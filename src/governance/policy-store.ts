import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { GovernancePoliciesTable } from '../platform/db/governance-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { folderChain } from '../groups/names.ts';
import { DEFAULT_NOTIFY, type NotifyTable, type PolicyChecks, type PolicySettings } from './policy-rules.ts';

/**
 * Reading governance policies: rows ↔ the stored policy the services and the API use, and `policyFor`, the one
 * lookup of the policy that governs a group — the group's own, else the nearest folder's above it, else the
 * policy of an access role the group is assigned (the lowest policy id when several).
 */
export type Db = Kysely<DB> | Transaction<DB>;
export type PolicyRow = Selectable<GovernancePoliciesTable>;

export type TargetKind = 'group' | 'folder' | 'role';

export interface StoredPolicy extends PolicySettings {
  id: number;
  target: { kind: TargetKind; id: number; name: string };
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Where a group's effective policy comes from. */
export interface EffectivePolicy {
  policy: StoredPolicy;
  via: { kind: TargetKind; id: number; name: string };
}

function targetOfRow(r: PolicyRow): { kind: TargetKind; id: number } {
  if (r.group_id !== null) return { kind: 'group', id: r.group_id };
  if (r.folder_id !== null) return { kind: 'folder', id: r.folder_id };
  return { kind: 'role', id: r.role_id! };
}

/** The name of a policy's target: a group's or folder's full name, a role's application:name. */
async function targetNames(db: Db, rows: PolicyRow[]): Promise<Map<string, string>> {
  const ids = (k: TargetKind) =>
    rows
      .map(targetOfRow)
      .filter((t) => t.kind === k)
      .map((t) => t.id);
  const out = new Map<string, string>();
  const [groups, folders, roles] = [ids('group'), ids('folder'), ids('role')];
  if (groups.length)
    for (const g of await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', groups).execute())
      out.set(`group:${g.id}`, g.name);
  if (folders.length)
    for (const f of await db.selectFrom('group_folders').select(['id', 'name']).where('id', 'in', folders).execute())
      out.set(`folder:${f.id}`, f.name);
  if (roles.length)
    for (const r of await db
      .selectFrom('access_roles as r')
      .innerJoin('access_applications as a', 'a.id', 'r.application_id')
      .select(['r.id', sql<string>`a.name || ':' || r.name`.as('name')])
      .where('r.id', 'in', roles)
      .execute())
      out.set(`role:${r.id}`, r.name);
  return out;
}

export async function presentPolicies(db: Db, rows: PolicyRow[]): Promise<StoredPolicy[]> {
  const names = await targetNames(db, rows);
  return rows.map((r) => {
    const t = targetOfRow(r);
    return {
      id: r.id,
      name: r.name,
      label: r.label,
      target: { ...t, name: names.get(`${t.kind}:${t.id}`) ?? '' },
      directAdders: r.direct_adders,
      requesters: r.requesters,
      stages: r.stages,
      checks: r.checks as PolicyChecks,
      securityLevel: r.security_level,
      grace: r.grace,
      notify: { ...DEFAULT_NOTIFY, ...(r.notify as Partial<NotifyTable>) },
      expiryRequired: r.expiry_required,
      maxDays: r.max_days,
      massLossPercent: r.mass_loss_percent,
      ownerPersonId: r.owner_person_id,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      version: r.version,
    };
  });
}

export async function loadPolicy(db: Db, id: number): Promise<StoredPolicy | null> {
  const row = await db.selectFrom('governance_policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? (await presentPolicies(db, [row]))[0] : null;
}

/** The columns of a policy's settings. */
export function settingsColumns(s: PolicySettings) {
  return {
    name: s.name,
    label: s.label,
    direct_adders: JSON.stringify(s.directAdders),
    requesters: JSON.stringify(s.requesters),
    stages: JSON.stringify(s.stages),
    checks: JSON.stringify(s.checks),
    security_level: s.securityLevel,
    grace: JSON.stringify(s.grace),
    notify: JSON.stringify(s.notify),
    expiry_required: s.expiryRequired,
    max_days: s.maxDays,
    mass_loss_percent: s.massLossPercent,
    owner_person_id: s.ownerPersonId,
  };
}

/**
 * The policy that governs a group, and where it comes from: the group's own, else the nearest folder above it that
 * has one, else one of an access role assigned to the group. Null: the group is not governed.
 */
export async function policyFor(db: Db, groupId: number): Promise<EffectivePolicy | null> {
  const group = await db
    .selectFrom('groups as g')
    .innerJoin('group_folders as f', 'f.id', 'g.folder_id')
    .select(['g.id', 'g.name', 'f.name as folder'])
    .where('g.id', '=', groupId)
    .executeTakeFirst();
  if (!group) return null;
  const own = await db.selectFrom('governance_policies').selectAll().where('group_id', '=', groupId).executeTakeFirst();
  if (own)
    return { policy: (await presentPolicies(db, [own]))[0], via: { kind: 'group', id: group.id, name: group.name } };
  const chain = folderChain(group.folder);
  const folders = await db
    .selectFrom('governance_policies as p')
    .innerJoin('group_folders as f', 'f.id', 'p.folder_id')
    .selectAll('p')
    .select(['f.name as folder_name'])
    .where('f.name', 'in', chain)
    .execute();
  if (folders.length) {
    const nearest = folders.reduce((a, b) => (b.folder_name.length > a.folder_name.length ? b : a));
    const { folder_name: name, ...row } = nearest;
    return { policy: (await presentPolicies(db, [row]))[0], via: { kind: 'folder', id: row.folder_id!, name } };
  }
  const role = await db
    .selectFrom('governance_policies as p')
    .selectAll('p')
    .where(
      'p.role_id',
      'in',
      db
        .selectFrom('access_assignments')
        .select('role_id')
        .where('subject_type', '=', 'group')
        .where('subject_id', '=', groupId),
    )
    .orderBy('p.id')
    .executeTakeFirst();
  if (!role) return null;
  const policy = (await presentPolicies(db, [role]))[0];
  return { policy, via: { kind: 'role', id: role.role_id!, name: policy.target.name } };
}
