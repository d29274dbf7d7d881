import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { refreshPeople } from '../status/status-store.ts';
import { validityProblems } from './affiliations.ts';
import type { Affiliation, AffiliationInput, AffiliationPatch } from './person-schemas.ts';
import type { PersonRecords } from './person-records.ts';
import { affiliationsOf } from './person-store.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * The person's side of affiliations: add one, change its kind, title or dates, end it (set
 * validTo). An organisation administrator may do this only for a person currently
 * affiliated inside their subtree, and only for org units inside it. The use cases share the person loader (and its
 * scoped authorisation) with the records service.
 */
export function createAffiliationService(deps: ServiceDeps, records: PersonRecords) {
  const { db, clock } = deps;
  const today = () => isoDate(clock.now());

  async function view(personId: number, id: number): Promise<Affiliation> {
    const found = (await affiliationsOf(db, personId, today())).find((a) => a.id === id);
    if (!found) throw notFound('affiliation', id);
    return found;
  }

  async function list(actor: Actor, personId: number): Promise<Affiliation[]> {
    authorise(actor, 'people:read');
    const exists = await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst();
    if (!exists) throw notFound('person', personId);
    return affiliationsOf(db, personId, today());
  }

  async function add(actor: Actor, personId: number, input: AffiliationInput): Promise<Affiliation> {
    await records.loadForChange(actor, personId);
    const path = await records.orgPath(input.orgId, '/orgId');
    authorise(actor, 'people:update', { orgPaths: [path] });
    const values = {
      kind: input.kind.trim(),
      title: input.title?.trim() || null,
      validFrom: input.validFrom ?? null,
      validTo: input.validTo ?? null,
    };
    assertNoProblems(validityProblems(values));
    const id = await write(deps, actor, async (uow) => {
      const row = await uow.db
        .insertInto('affiliations')
        .values({
          person_id: personId,
          org_id: input.orgId,
          kind: values.kind,
          title: values.title,
          valid_from: values.validFrom,
          valid_to: values.validTo,
          attributes: '{}',
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const after = { id: row.id, orgId: input.orgId, ...values };
      uow.audit({ action: 'person.affiliation.add', targetType: 'person', targetId: personId, after });
      uow.change({ entityType: 'affiliation', entityId: row.id, op: 'created', data: { personId, ...after } });
      await refreshPeople(uow, [personId]);
      return row.id;
    });
    return view(personId, id);
  }

  /** Changes an affiliation read at `expectedVersion`; ending it is setting validTo. */
  async function update(
    actor: Actor,
    personId: number,
    id: number,
    expectedVersion: number,
    patch: AffiliationPatch,
  ): Promise<Affiliation> {
    await records.loadForChange(actor, personId);
    const current = await db
      .selectFrom('affiliations as a')
      .innerJoin('org_units as o', 'o.id', 'a.org_id')
      .select(['a.id', 'a.kind', 'a.title', 'a.valid_from', 'a.valid_to', 'a.org_id', 'o.path'])
      .where('a.id', '=', id)
      .where('a.person_id', '=', personId)
      .executeTakeFirst();
    if (!current) throw notFound('affiliation', id);
    authorise(actor, 'people:update', { orgPaths: [current.path] });
    const before = {
      kind: current.kind,
      title: current.title,
      validFrom: current.valid_from,
      validTo: current.valid_to,
    };
    const after = {
      kind: patch.kind?.trim() ?? before.kind,
      title: patch.title === undefined ? before.title : patch.title?.trim() || null,
      validFrom: patch.validFrom === undefined ? before.validFrom : patch.validFrom,
      validTo: patch.validTo === undefined ? before.validTo : patch.validTo,
    };
    assertNoProblems(validityProblems(after));
    await write(deps, actor, async (uow) => {
      const r = await uow.db
        .updateTable('affiliations')
        .set({
          kind: after.kind,
          title: after.title,
          valid_from: after.validFrom,
          valid_to: after.validTo,
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (!r.numUpdatedRows) throw stale(`affiliation ${id}`, expectedVersion);
      const ended = after.validTo !== null && after.validTo !== before.validTo;
      uow.audit({
        action: ended ? 'person.affiliation.end' : 'person.affiliation.update',
        targetType: 'person',
        targetId: personId,
        before: { id, orgId: current.org_id, ...before },
        after: { id, orgId: current.org_id, ...after },
      });
      uow.change({
        entityType: 'affiliation',
        entityId: id,
        op: ended ? 'ended' : 'updated',
        data: { personId, orgId: current.org_id, ...after },
      });
      await refreshPeople(uow, [personId]);
    });
    return view(personId, id);
  }

  return { list, add, update, view };
}
