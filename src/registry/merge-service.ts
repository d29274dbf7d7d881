import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { invalid, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { moveAssignments } from '../access/access-merge.ts';
import { lockGroups } from '../groups/effective-engine.ts';
import { moveGroupRoles } from '../groups/group-merge.ts';
import { moveGuestRoles } from '../guests/guest-merge.ts';
import { moveLoans } from '../loans/loan-merge.ts';
import { refreshPeople } from '../status/status-store.ts';
import { assertMergeable, missingFacts, unionEmails, unionPhones } from './merge.ts';
import { searchName } from './names.ts';
import type { Person } from './person-schemas.ts';
import { factsOf, loadPerson, lockPeople } from './person-store.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Merging two records of one human. The survivor takes the loser's identifiers (and their
 * reservations), affiliations, contact details, officer posts, user accounts, guest records,
 * group memberships and privileges, role assignments and loans; the loser
 * stays as a tombstone pointing at the survivor, is never reused, and its history shows on
 * the survivor. Records merged into the loser earlier now point straight at the survivor.
 */
export function createMergeService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function merge(
    actor: Actor,
    survivorId: number,
    loserId: number,
    expectedVersion: number,
    reason: string,
  ): Promise<Person> {
    authorise(actor, 'people:merge');
    if (!reason?.trim()) throw invalid('/reason', 'required', 'say why these records are the same human');
    await write(deps, actor, async (uow) => {
      // Group writers take the groups lock before touching people rows; so does a merge, or the two could deadlock.
      await lockGroups(uow.db);
      const rows = await lockPeople(uow.db, [survivorId, loserId]);
      const survivor = rows.find((r) => r.id === survivorId);
      const loser = rows.find((r) => r.id === loserId);
      if (!survivor) throw notFound('person', survivorId);
      if (!loser) throw invalid('/loserId', 'exists', `person ${loserId} does not exist`);
      assertMergeable(
        { id: survivor.id, state: survivor.state, mergedInto: survivor.merged_into },
        { id: loser.id, state: loser.state, mergedInto: loser.merged_into },
      );
      if (survivor.version !== expectedVersion) throw stale(`person ${survivorId}`, expectedVersion);

      const before = factsOf(survivor);
      const loserFacts = factsOf(loser);
      const after = {
        ...before,
        ...missingFacts(before, loserFacts),
        emails: unionEmails(before.emails, loserFacts.emails),
        phones: unionPhones(before.phones, loserFacts.phones),
      };
      const moved = {
        identifiers: await uow.db
          .selectFrom('identifiers')
          .select(['kind', 'scope', 'value'])
          .where('person_id', '=', loserId)
          .execute(),
        affiliations: (
          await uow.db.selectFrom('affiliations').select('id').where('person_id', '=', loserId).execute()
        ).map((r) => r.id),
        users: (await uow.db.selectFrom('users').select('id').where('person_id', '=', loserId).execute()).map(
          (r) => r.id,
        ),
      };
      await uow.db.updateTable('identifiers').set({ person_id: survivorId }).where('person_id', '=', loserId).execute();
      await uow.db
        .updateTable('reserved_identifiers')
        .set({ person_id: survivorId })
        .where('person_id', '=', loserId)
        .execute();
      await uow.db
        .updateTable('affiliations')
        .set({ person_id: survivorId, updated_at: uow.now, version: sql`version + 1` })
        .where('person_id', '=', loserId)
        .execute();
      await uow.db
        .updateTable('users')
        .set({ person_id: survivorId, updated_at: uow.now, version: sql`version + 1` })
        .where('person_id', '=', loserId)
        .execute();
      // An officer post both records hold would collide on the survivor; the survivor's copy stays.
      await sql`delete from org_officers l where l.person_id = ${loserId} and exists (
        select 1 from org_officers s where s.person_id = ${survivorId} and s.org_id = l.org_id and s.function = l.function and s.role_name = l.role_name)`.execute(
        uow.db,
      );
      const officers = await uow.db
        .updateTable('org_officers')
        .set({ person_id: survivorId })
        .where('person_id', '=', loserId)
        .returning('id')
        .execute();
      const guests = await moveGuestRoles(uow, loserId, survivorId);
      await uow.db
        .updateTable('people')
        .set({
          middle_name: after.middleName,
          preferred_name: after.preferredName,
          birth_date: after.birthDate,
          emails: JSON.stringify(after.emails),
          phones: JSON.stringify(after.phones),
          search_name: searchName(after),
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', survivorId)
        .execute();
      await uow.db
        .updateTable('people')
        .set({ state: 'merged', merged_into: survivorId, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', loserId)
        .execute();
      await uow.db.updateTable('people').set({ merged_into: survivorId }).where('merged_into', '=', loserId).execute();

      // The loser's status history moves with its affiliations; the refresh then joins the two histories.
      await uow.db
        .updateTable('person_statuses')
        .set({ person_id: survivorId, updated_at: uow.now })
        .where('person_id', '=', loserId)
        .execute();
      await refreshPeople(uow, [survivorId], { reason: `merge of ${loserId} into ${survivorId}` });
      // After the loser is marked merged and its affiliations moved: rule groups and affiliation-scoped roles read
      // those.
      const groups = await moveGroupRoles(uow, loserId, survivorId);
      const access = await moveAssignments(uow, loserId, survivorId);
      const loans = await moveLoans(uow, loserId, survivorId);

      const took = { ...moved, officers: officers.map((o) => o.id), guests, groups, access, loans };
      uow.record({
        action: 'person.merge',
        op: 'merged',
        targetType: 'person',
        targetId: survivorId,
        before,
        after: { ...after, absorbed: loserId, took },
        reason,
      });
      uow.record({
        action: 'person.merged-away',
        op: 'merged-away',
        targetType: 'person',
        targetId: loserId,
        before: loserFacts,
        after: { state: 'merged', mergedInto: survivorId },
        reason,
      });
    });
    return loadPerson(db, survivorId, isoDate(clock.now()));
  }

  return { merge };
}
