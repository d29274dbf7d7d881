import { type ExpressionBuilder, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { invalid, notFound } from '../platform/errors.ts';
import type { GuestParties } from './guest-policy.ts';
import type { DB } from '../platform/db/schema.ts';
import { type Db, type Guest, guestOf, type GuestType, loadType } from './guest-store.ts';

/**
 * What the guest use cases read before they decide: a guest with its type, the paths of its
 * units, the actor's registry person and whether they approve the guest's department — the
 * facts guest-policy.ts and guest-rules.ts take.
 */
export async function pathOf(trx: Db, orgId: number | null | undefined, field: string): Promise<string | null> {
  if (!orgId) return null;
  const row = await trx.selectFrom('org_units').select('path').where('id', '=', orgId).executeTakeFirst();
  if (!row) throw invalid(field, 'known-unit', `there is no org unit ${orgId}`);
  return row.path;
}

/** 422 unless the person exists and was not merged away. */
export async function assertPerson(trx: Db, id: number | null | undefined, field: string): Promise<void> {
  if (!id) return;
  const row = await trx.selectFrom('people').select('state').where('id', '=', id).executeTakeFirst();
  if (!row) throw invalid(field, 'known-person', `there is no person ${id}`);
  if (row.state === 'merged')
    throw invalid(field, 'not-merged', `person ${id} was merged into another record; use the survivor`);
}

/** The path of the unit a type's guests must lie under (a path nothing lies under when the unit is gone). */
export async function subtreePath(trx: Db, type: GuestType): Promise<string | null> {
  if (type.orgSubtree === null) return null;
  return (
    (await trx.selectFrom('org_units').select('path').where('code', '=', type.orgSubtree).executeTakeFirst())?.path ??
    '/nowhere/'
  );
}

export async function readGuest(trx: Db, id: number, lock = false): Promise<{ guest: Guest; type: GuestType }> {
  let q = trx.selectFrom('guests').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('guest', id);
  const type = await loadType(trx, row.type_id);
  return { guest: guestOf(row, type), type };
}

export async function orgPathsOf(trx: Db, guest: Pick<Guest, 'hostOrgId' | 'tenantOrgId'>): Promise<string[]> {
  const ids = [guest.hostOrgId, guest.tenantOrgId].filter((x): x is number => x !== null);
  if (ids.length === 0) return [];
  return (await trx.selectFrom('org_units').select('path').where('id', 'in', ids).execute()).map((r) => r.path);
}

/** The account's registry person, if it has one. */
export async function personOfActor(trx: Db, actor: Actor): Promise<number | null> {
  if (actor.kind !== 'user' || actor.id === null) return null;
  const row = await trx.selectFrom('users').select('person_id').where('id', '=', actor.id).executeTakeFirst();
  return row?.person_id ?? null;
}

/** Is the person an effective approver of the unit (its own approvers, else the nearest ancestor's)? */
export async function isApprover(trx: Db, personId: number | null, orgId: number | null): Promise<boolean> {
  if (personId === null || orgId === null) return false;
  const { rows } = await sql<{ ok: boolean }>`
    with chain as (select u.id, length(u.path) as depth from org_units u, org_units h where h.id = ${orgId} and h.path like u.path || '%'),
    nearest as (select c.id from chain c where exists (select 1 from org_officers f where f.org_id = c.id and f.function = 'approver') order by c.depth desc limit 1)
    select exists (select 1 from org_officers f join nearest n on n.id = f.org_id where f.function = 'approver' and f.person_id = ${personId}) as ok`.execute(
    trx,
  );
  return rows[0]?.ok === true;
}

/**
 * The actor's parts in a guest (guest-policy.ts). Whether they approve its department is read only when `approver`
 * asks for it (it is a query of its own).
 */
export async function partiesOf(trx: Db, actor: Actor, guest: Guest, approver: boolean | 'ask'): Promise<GuestParties> {
  const actorPersonId = await personOfActor(trx, actor);
  return {
    actorPersonId,
    guarantorId: guest.guarantorId,
    sponsorId: guest.sponsorId,
    orgPaths: await orgPathsOf(trx, guest),
    approver: approver === 'ask' ? await isApprover(trx, actorPersonId, guest.hostOrgId) : approver,
  };
}

/**
 * A filter on guests (`g`) to those with a host or tenant unit in one of the subtrees (guest-policy.ts
 * `guestReadScopes`; `null`: every guest, `[]`: none).
 */
export function guestsInScopes(scopes: readonly string[] | null) {
  return (eb: ExpressionBuilder<DB & { g: DB['guests'] }, 'g'>) => {
    if (scopes === null) return eb.lit(true);
    if (scopes.length === 0) return eb.lit(false);
    return eb.exists(
      eb
        .selectFrom('org_units as su')
        .select('su.id')
        .where((w) => w.or([w('su.id', '=', w.ref('g.host_org_id')), w('su.id', '=', w.ref('g.tenant_org_id'))]))
        .where((w) => w.or(scopes.map((s) => w('su.path', 'like', `${s}%`)))),
    );
  };
}
