import { sql } from 'kysely';
import { isoDate } from '../platform/dates.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { Guest } from './guest-store.ts';
import type { LifecycleTransition } from './lifecycle.ts';
import { notifyTransition } from './notify-transition.ts';

/** Moves a guest by a manual transition in `uow` (history, audit, change log, notices). */
export async function moveGuest(
  uow: UnitOfWork,
  guest: Guest,
  t: LifecycleTransition,
  reason: string | null,
): Promise<void> {
  const on = isoDate(uow.now);
  await uow.db
    .updateTable('guests')
    .set({ state: t.to, state_since: on, updated_at: uow.now, version: sql`version + 1` })
    .where('id', '=', guest.id)
    .execute();
  const row = await uow.db
    .insertInto('guest_transitions')
    .values({
      guest_id: guest.id,
      transition: t.name,
      from_state: guest.state,
      to_state: t.to,
      due_on: null,
      at: uow.now,
      actor: uow.actor.name,
      reason,
      notices: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  uow.record({
    action: 'guest.transition',
    op: 'transitioned',
    targetType: 'guest',
    targetId: guest.id,
    before: { state: guest.state },
    after: { personId: guest.personId, state: t.to, transition: t.name, dueOn: null, version: guest.version + 1 },
    reason,
  });
  await notifyTransition(uow, t, [
    {
      transitionId: row.id,
      guestId: guest.id,
      personId: guest.personId,
      guarantorId: guest.guarantorId,
      sponsorId: guest.sponsorId,
      validTo: guest.validTo,
    },
  ]);
}
