import { sql } from 'kysely';
import { isoDate } from '../platform/dates.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { Guest } from './guest-store.ts';
import { isTimed, type Lifecycle, type LifecycleTransition } from './lifecycle.ts';
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

/** Writes a guest's new last valid day in `uow`, audited as `action` (a date change or a renewal). */
export async function writeValidTo(
  uow: UnitOfWork,
  guest: Guest,
  validTo: string | null,
  action: 'guest.valid-to' | 'guest.renew',
  reason: string | null,
): Promise<void> {
  await uow.db
    .updateTable('guests')
    .set({ valid_to: validTo, updated_at: uow.now, version: sql`version + 1` })
    .where('id', '=', guest.id)
    .execute();
  uow.record({
    action,
    op: 'updated',
    targetType: 'guest',
    targetId: guest.id,
    before: { validTo: guest.validTo },
    after: { personId: guest.personId, validTo, version: guest.version + 1 },
    reason,
  });
}

/**
 * Renews a stay in `uow` (the checks done by the caller): the new valid-to, then, for an expiring guest, the
 * lifecycle's manual `renew` transition back to active.
 */
export async function renewGuest(
  uow: UnitOfWork,
  guest: Guest,
  lifecycle: Lifecycle,
  validTo: string,
  reason: string | null,
): Promise<void> {
  await writeValidTo(uow, guest, validTo, 'guest.renew', reason);
  const back = lifecycle.transitions.find((t) => t.name === 'renew' && !isTimed(t) && t.from.includes(guest.state));
  if (back) await moveGuest(uow, { ...guest, version: guest.version + 1, validTo }, back, reason);
}
