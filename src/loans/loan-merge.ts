import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';

/**
 * A merge moves every loan whose borrower was the absorbed person — open or ended — to the
 * survivor, inside the merge's transaction. The name written on the loan when it was lent
 * (`borrower_name`) stays as it was: the history says who signed for the account. Each
 * moved loan goes in the change log. Returns the moved loans' ids for the merge's audit.
 */
export async function moveLoans(uow: UnitOfWork, loserId: number, survivorId: number): Promise<number[]> {
  const rows = await uow.db
    .updateTable('temp_loans')
    .set({ borrower_person_id: survivorId, version: sql`version + 1` })
    .where('borrower_person_id', '=', loserId)
    .returning('id')
    .execute();
  const ids = rows.map((r) => r.id).sort((a, b) => a - b);
  for (const id of ids)
    uow.change({
      entityType: 'temp_loan',
      entityId: id,
      op: 'updated',
      data: { mergedPerson: loserId, into: survivorId, borrowerPersonId: survivorId },
    });
  return ids;
}
