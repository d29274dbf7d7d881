import { type Kysely, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { DB } from '../platform/db/schema.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { notFound, stale } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { actorPrivileges, requirePrivilege } from '../groups/group-access.ts';
import { seesAllGroups } from '../groups/group-policy.ts';
import { attestationDue, attestationDueAt } from './attest-time.ts';
import type { AttestationView } from './review-schemas.ts';

/**
 * Per-group attestation (as Grouper's): a group's admin sets how often its members are to be reviewed
 * (`attest_every_days`); closing an access review over a group records `attested_at`; the due list shows the groups
 * never attested or attested longer ago than their period (the rule of attest-time.ts, applied in SQL here).
 */
type Db = Kysely<DB>;

interface GroupRow {
  id: number;
  name: string;
  attest_every_days: number | null;
  attested_at: Date | null;
  version: number;
}

function view(r: GroupRow, now: Date): AttestationView {
  const dueAt = attestationDueAt(r.attest_every_days, r.attested_at);
  return {
    groupId: Number(r.id),
    groupName: r.name,
    everyDays: r.attest_every_days,
    attestedAt: r.attested_at?.toISOString() ?? null,
    dueAt: dueAt?.toISOString() ?? null,
    due: attestationDue(r.attest_every_days, r.attested_at, now),
    version: r.version,
  };
}

/** The groups whose attestation is due at `now`, in SQL (oldest first; never attested first of all). */
export async function dueGroups(db: Db, now: Date, ids?: number[]): Promise<GroupRow[]> {
  const { rows } = await sql<GroupRow>`
    select id, name, attest_every_days, attested_at, version from groups
    where attest_every_days is not null and (attested_at is null or attested_at + attest_every_days * interval '24 hours' <= ${now})
      and ${ids ? sql`id = any(${ids}::bigint[])` : sql`true`}
    order by attested_at nulls first, name`.execute(db);
  return rows;
}

/** Records that the groups' members were reviewed now (a campaign over them closed). */
export async function markAttested(uow: UnitOfWork, groupIds: number[], campaign: string): Promise<void> {
  if (groupIds.length === 0) return;
  const rows = await uow.db
    .updateTable('groups')
    .set({ attested_at: uow.now })
    .where('id', 'in', groupIds)
    .returning(['id', 'name', 'attest_every_days'])
    .execute();
  for (const r of rows)
    uow.record({
      action: 'group.attest',
      op: 'attested',
      targetType: 'group',
      targetId: r.id,
      after: { group: r.name, attestedAt: uow.now.toISOString(), everyDays: r.attest_every_days, campaign },
    });
}

export function createAttestService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function load(groupId: number): Promise<GroupRow> {
    const r = await db
      .selectFrom('groups')
      .select(['id', 'name', 'attest_every_days', 'attested_at', 'version'])
      .where('id', '=', groupId)
      .executeTakeFirst();
    if (!r) throw notFound('group', groupId);
    return r;
  }

  async function get(actor: Actor, groupId: number): Promise<AttestationView> {
    const g = await load(groupId);
    await requirePrivilege(db, actor, { groupId }, 'read', clock.now(), `the group ${g.name}`);
    return view(g, clock.now());
  }

  /** Sets how often the group is to be attested (0: never); admin on the group, If-Match on its version. */
  async function set(actor: Actor, groupId: number, expected: number, days: number): Promise<AttestationView> {
    const everyDays = days === 0 ? null : days;
    const g = await load(groupId);
    await requirePrivilege(db, actor, { groupId }, 'admin', clock.now(), `the group ${g.name}`);
    return write(deps, actor, async (uow) => {
      const after = await uow.db
        .updateTable('groups')
        .set({ attest_every_days: everyDays, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', groupId)
        .where('version', '=', expected)
        .returning(['id', 'name', 'attest_every_days', 'attested_at', 'version'])
        .executeTakeFirst();
      if (!after) throw stale(`group ${groupId}`, expected);
      uow.record({
        action: 'group.attestation.set',
        op: 'updated',
        targetType: 'group',
        targetId: groupId,
        before: { everyDays: g.attest_every_days },
        after: { everyDays },
      });
      return view(after, uow.now);
    });
  }

  /** The groups due for attestation that the caller administers (every one for system administrators and auditors). */
  async function due(actor: Actor): Promise<AttestationView[]> {
    const now = clock.now();
    const rows = await dueGroups(db, now);
    if (seesAllGroups(actor)) return rows.map((r) => view(r, now));
    const mine: AttestationView[] = [];
    for (const r of rows)
      if ((await actorPrivileges(db, actor, { groupId: Number(r.id) }, now)).has('admin')) mine.push(view(r, now));
    return mine;
  }

  return { get, set, due };
}
