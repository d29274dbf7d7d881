import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { LdapTargetSettings } from '../target-definition.ts';
import type { DirectoryGroup } from '../selection-query.ts';
import { enqueue } from '../change-intake.ts';
import { unitNames } from '../person-facts-query.ts';
import { groupDn } from './account-rules.ts';
import { sameDn } from './dn.ts';
import { ouDnForPath } from './dn.ts';
import type { LdapDirectory } from './ldap-ops.ts';
import pLimit from 'p-limit';

/**
 * The directory's structure: the OUs that mirror org units (renamed or moved with their
 * unit, everything under them following) and the directory groups (created when first
 * configured, renamed with their group). Runs before accounts in each pass, so accounts
 * always find their OU and groups in place.
 */
type Db = Kysely<DB>;

export interface StructureDeps {
  db: Db;
  directory: LdapDirectory;
  settings: LdapTargetSettings;
  targetId: number;
  now: Date;
}

/** The OU DN of a unit by its current path (names from the root). */
export async function unitOuDn(db: Db, unitId: number, baseDn: string): Promise<string | null> {
  const unit = await db.selectFrom('org_units').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!unit) return null;
  const ids = unit.path.split('/').filter(Boolean).map(Number);
  const names = await unitNames(db, ids);
  return ouDnForPath(
    ids.map((id) => names.get(id) ?? String(id)),
    baseDn,
  );
}

/** Renames the OUs of queued units whose name or place changed, and queues the accounts under them. */
export async function syncUnits(deps: StructureDeps): Promise<number> {
  const { db, targetId, now } = deps;
  const queued = await db
    .selectFrom('provision_pending as p')
    .innerJoin('provision_objects as o', (j) =>
      j
        .onRef('o.target_id', '=', 'p.target_id')
        .onRef('o.object_id', '=', 'p.object_id')
        .on('o.object_type', '=', 'unit'),
    )
    .select(['p.object_id', 'o.remote_id'])
    .where('p.target_id', '=', targetId)
    .where('p.object_type', '=', 'unit')
    .execute();
  let renamed = 0;
  for (const u of queued) {
    const want = await unitOuDn(db, u.object_id, deps.settings.baseDn);
    if (want && !sameDn(want, u.remote_id)) {
      await deps.directory.apply([{ op: 'renameOu', from: u.remote_id, to: want }]);
      renamed += 1;
      await db.transaction().execute(async (trx) => {
        const suffix = `,${u.remote_id.toLowerCase()}`;
        // Units under the renamed one follow it: their recorded DNs end with the old one.
        await sql`update provision_objects set remote_id = left(remote_id, length(remote_id) - ${u.remote_id.length}) || ${want}
          where target_id = ${targetId} and object_type = 'unit' and lower(remote_id) like ${'%' + suffix}`.execute(
          trx,
        );
        await sql`update provision_objects set remote_id = ${want} where target_id = ${targetId} and object_type = 'unit' and object_id = ${u.object_id}`.execute(
          trx,
        );
        const { rows } = await sql<{ object_id: number }>`select object_id from provision_objects
          where target_id = ${targetId} and object_type = 'person' and lower(remote_id) like ${'%' + suffix}`.execute(
          trx,
        );
        await enqueue(
          trx,
          targetId,
          'person',
          rows.map((r) => r.object_id),
          now,
        );
      });
    }
  }
  await db
    .deleteFrom('provision_pending')
    .where('target_id', '=', targetId)
    .where('object_type', '=', 'unit')
    .execute();
  return renamed;
}

/** Records the OUs an account's path created, so a later rename of their unit is seen. */
export async function recordUnits(db: Db, targetId: number, units: { id: number; dn: string }[], now: Date) {
  if (units.length === 0) return;
  await sql`insert into provision_objects (target_id, object_type, object_id, remote_id, state, written, written_at)
    select ${targetId}, 'unit', u.id, u.dn, 'active', '{}'::jsonb, ${now}
    from jsonb_to_recordset(${JSON.stringify(units)}::jsonb) as u(id bigint, dn text)
    on conflict do nothing`.execute(db);
}

/** Creates missing directory groups and renames those whose group was renamed; returns key → DN. */
export async function syncGroups(deps: StructureDeps, groups: DirectoryGroup[]): Promise<Map<string, string>> {
  const { db, targetId, now, settings } = deps;
  const rows = await db
    .selectFrom('provision_objects')
    .select(['object_type', 'object_id', 'remote_id'])
    .where('target_id', '=', targetId)
    .where('object_type', 'in', ['group', 'role'])
    .execute();
  const synced = new Map(rows.map((r) => [`${r.object_type}:${r.object_id}`, r.remote_id]));
  const out = new Map<string, string>();
  const record = (g: DirectoryGroup, dn: string) =>
    sql`insert into provision_objects (target_id, object_type, object_id, remote_id, state, written, written_at)
      values (${targetId}, ${g.type}, ${g.id}, ${dn}, 'active', ${JSON.stringify({ name: g.name })}::jsonb, ${now})
      on conflict (target_id, object_type, object_id) do update set remote_id = excluded.remote_id, written = excluded.written, written_at = excluded.written_at`.execute(
      db,
    );
  const missing = groups.filter((g) => !synced.has(g.key));
  if (missing.length) await deps.directory.apply([{ op: 'ensureOu', dn: settings.groupsDn }]);
  const limit = pLimit(8);
  await Promise.all(
    missing.map((g) =>
      limit(async () => {
        const dn = groupDn(g.name, settings);
        await deps.directory.apply([
          { op: 'add', dn, attributes: { objectClass: settings.groupObjectClasses, cn: [g.name] } },
        ]);
        await record(g, dn);
      }),
    ),
  );
  for (const g of groups) {
    const want = groupDn(g.name, settings);
    const have = synced.get(g.key);
    out.set(g.key, want);
    if (have === undefined || sameDn(have, want)) continue;
    await deps.directory.apply([{ op: 'move', from: have, to: want }]);
    // The accounts' sync rows name the group by its DN: the renamed one from now on.
    await sql`update provision_objects set written = jsonb_set(written, '{groups}', (
        select coalesce(jsonb_agg(case when lower(g) = lower(${have}) then ${want} else g end), '[]'::jsonb)
        from jsonb_array_elements_text(written->'groups') g))
      where target_id = ${targetId} and object_type = 'person'
        and exists (select 1 from jsonb_array_elements_text(written->'groups') g where lower(g) = lower(${have}))`.execute(
      db,
    );
    await record(g, want);
  }
  await db
    .deleteFrom('provision_pending')
    .where('target_id', '=', targetId)
    .where('object_type', 'in', ['group', 'role'])
    .execute();
  return out;
}
