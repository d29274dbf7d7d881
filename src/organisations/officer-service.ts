import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { effectiveOfficers } from './officers.ts';
import type { EffectiveOfficer, NewOfficerBody, Officer, OfficerLists } from './org-schemas.ts';
import { ancestorsOf, type Db, loadUnit, type UnitRow } from './unit-store.ts';

/** The officers appointed directly to any of these units, with their people's display names. */
export async function officersOf(db: Db, orgIds: number[]): Promise<Officer[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectFrom('org_officers as o')
    .innerJoin('people as p', 'p.id', 'o.person_id')
    .select([
      'o.id',
      'o.org_id',
      'o.person_id',
      'o.function',
      'o.role_name',
      'o.created_at',
      sql<string>`coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name`.as('person_name'),
    ])
    .where('o.org_id', 'in', orgIds)
    .orderBy('o.function')
    .orderBy('o.role_name')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    personId: r.person_id,
    personName: r.person_name,
    function: r.function,
    roleName: r.role_name,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** A unit's effective officers: its own per function, else the nearest ancestor's. */
export async function effectiveOfficersOf(db: Db, unit: UnitRow): Promise<EffectiveOfficer[]> {
  const chain = [...(await ancestorsOf(db, unit.path)), unit].map((u) => ({ id: u.id, code: u.code, name: u.name }));
  return effectiveOfficers(
    chain,
    await officersOf(
      db,
      chain.map((u) => u.id),
    ),
  );
}

/**
 * Administrators and approvers of a unit, each with a role name ("Head of department",
 * "IT desk"). Organisation administrators appoint officers anywhere in their subtree,
 * including its root unit.
 */
export function createOfficerService(deps: ServiceDeps) {
  const { db } = deps;

  async function listOfficers(actor: Actor, orgId: number): Promise<OfficerLists> {
    authorise(actor, 'orgs:read');
    const unit = await loadUnit(db, orgId);
    return { direct: await officersOf(db, [orgId]), effective: await effectiveOfficersOf(db, unit) };
  }

  async function addOfficer(actor: Actor, orgId: number, input: NewOfficerBody): Promise<Officer> {
    authorise(actor, 'orgs:write');
    const roleName = input.roleName.trim();
    if (!roleName) throw invalid('/roleName', 'required', 'is required');
    const id = await write(deps, actor, async (uow) => {
      const unit = await loadUnit(uow.db, orgId, true);
      authorise(actor, 'orgs:write', { orgPaths: [unit.path] });
      const person = await uow.db
        .selectFrom('people')
        .select(['id', 'state'])
        .where('id', '=', input.personId)
        .executeTakeFirst();
      if (!person) throw invalid('/personId', 'exists', `person ${input.personId} does not exist`);
      if (person.state !== 'active')
        throw invalid(
          '/personId',
          'active',
          `person ${input.personId} was merged into another record; appoint the surviving record`,
        );
      const same = await uow.db
        .selectFrom('org_officers')
        .select('id')
        .where('org_id', '=', orgId)
        .where('person_id', '=', input.personId)
        .where('function', '=', input.function)
        .where('role_name', '=', roleName)
        .executeTakeFirst();
      if (same)
        throw conflict(`person ${input.personId} is already ${input.function} (${roleName}) of ${unit.code}`, {
          field: '/personId',
          rule: 'unique',
          message: 'already holds this role here',
        });
      const row = await uow.db
        .insertInto('org_officers')
        .values({
          org_id: orgId,
          person_id: input.personId,
          function: input.function,
          role_name: roleName,
          created_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'org.officer.add',
        op: 'created',
        targetType: 'org_officer',
        targetId: row.id,
        after: { orgId, orgCode: unit.code, personId: input.personId, function: input.function, roleName },
      });
      return row.id;
    });
    return (await officersOf(db, [orgId])).find((o) => o.id === id)!;
  }

  async function removeOfficer(actor: Actor, orgId: number, officerId: number): Promise<void> {
    authorise(actor, 'orgs:write');
    await write(deps, actor, async (uow) => {
      const unit = await loadUnit(uow.db, orgId, true);
      authorise(actor, 'orgs:write', { orgPaths: [unit.path] });
      const officer = await uow.db
        .selectFrom('org_officers')
        .selectAll()
        .where('id', '=', officerId)
        .where('org_id', '=', orgId)
        .executeTakeFirst();
      if (!officer) throw notFound('officer', officerId);
      await uow.db.deleteFrom('org_officers').where('id', '=', officerId).execute();
      uow.record({
        action: 'org.officer.remove',
        op: 'deleted',
        targetType: 'org_officer',
        targetId: officerId,
        before: {
          orgId,
          orgCode: unit.code,
          personId: officer.person_id,
          function: officer.function,
          roleName: officer.role_name,
        },
      });
    });
  }

  return { listOfficers, addOfficer, removeOfficer };
}
