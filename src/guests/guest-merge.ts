import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';

/** The guest rows a merge moved from the absorbed person to the survivor, by the role the person held. */
export interface MovedGuestRoles {
  guest: number[];
  guarantor: number[];
  sponsor: number[];
  requester: number[];
}

const roles = [['guest', 'person_id'], ['guarantor', 'guarantor_id'], ['sponsor', 'sponsor_id'], ['requester', 'requester_id']] as const;

/**
 * A merge moves every guest record the absorbed person is in — as the guest, the guarantor,
 * the sponsor or the requester — to the survivor, inside the merge's transaction, and puts
 * each moved guest in the change log. Returns the guest ids per role for the merge's audit.
 */
export async function moveGuestRoles(uow: UnitOfWork, loserId: number, survivorId: number): Promise<MovedGuestRoles> {
  const moved: MovedGuestRoles = { guest: [], guarantor: [], sponsor: [], requester: [] };
  const touched = new Set<number>();
  for (const [role, column] of roles) {
    const rows = await uow.db
      .updateTable('guests')
      .set({ [column]: survivorId, updated_at: uow.now, version: sql`version + 1` })
      .where(column, '=', loserId)
      .returning('id')
      .execute();
    moved[role] = rows.map((r) => Number(r.id));
    for (const id of moved[role]) touched.add(id);
  }
  for (const id of touched) {
    const roleNames = roles.filter(([role]) => moved[role].includes(id)).map(([role]) => role);
    uow.change({ entityType: 'guest', entityId: id, op: 'updated', data: { mergedPerson: loserId, into: survivorId, roles: roleNames } });
  }
  return moved;
}
