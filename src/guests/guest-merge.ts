import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';

/** The guest records a merge moved from the absorbed person to the survivor, by the role the person held. */
export interface MovedGuestRoles {
  guest: number[];
  guarantor: number[];
  sponsor: number[];
  requester: number[];
  /** Guest requests in which the person was the visitor, guarantor or sponsor, or decided a step. */
  requests: number[];
}

const guestRoles = [
  ['guest', 'person_id'],
  ['guarantor', 'guarantor_id'],
  ['sponsor', 'sponsor_id'],
  ['requester', 'requester_id'],
] as const;
const requestColumns = ['person_id', 'guarantor_id', 'sponsor_id'] as const;

/**
 * A merge moves every guest record the absorbed person is in — as the guest, the guarantor,
 * the sponsor or the requester — and every guest request they are in or decided, to the
 * survivor, inside the merge's transaction, and puts each moved guest and request in the
 * change log. Returns the ids for the merge's audit.
 */
export async function moveGuestRoles(uow: UnitOfWork, loserId: number, survivorId: number): Promise<MovedGuestRoles> {
  const moved: MovedGuestRoles = { guest: [], guarantor: [], sponsor: [], requester: [], requests: [] };
  const touched = new Set<number>();
  for (const [role, column] of guestRoles) {
    const rows = await uow.db
      .updateTable('guests')
      .set({ [column]: survivorId, updated_at: uow.now, version: sql`version + 1` })
      .where(column, '=', loserId)
      .returning('id')
      .execute();
    moved[role] = rows.map((r) => r.id);
    for (const id of moved[role]) touched.add(id);
  }
  for (const id of touched) {
    const roleNames = guestRoles.filter(([role]) => moved[role].includes(id)).map(([role]) => role);
    uow.change({
      entityType: 'guest',
      entityId: id,
      op: 'updated',
      data: { mergedPerson: loserId, into: survivorId, roles: roleNames },
    });
  }

  const requests = new Set<number>();
  for (const column of requestColumns) {
    const rows = await uow.db
      .updateTable('guest_requests')
      .set({ [column]: survivorId, updated_at: uow.now, version: sql`version + 1` })
      .where(column, '=', loserId)
      .returning('id')
      .execute();
    for (const r of rows) requests.add(r.id);
  }
  const decided = await uow.db
    .updateTable('guest_request_decisions')
    .set({ person_id: survivorId })
    .where('person_id', '=', loserId)
    .returning('request_id')
    .execute();
  for (const r of decided) requests.add(r.request_id);
  moved.requests = [...requests].sort((a, b) => a - b);
  for (const id of moved.requests)
    uow.change({
      entityType: 'guest_request',
      entityId: id,
      op: 'updated',
      data: { mergedPerson: loserId, into: survivorId },
    });
  return moved;
}
