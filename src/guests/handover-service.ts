import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { isoDate } from '../platform/dates.ts';
import { conflict, forbidden, invalid, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { personOfActor, readGuest } from './guest-facts.ts';
import type { Db, Guest } from './guest-store.ts';
import { takeOverRefusal } from './handover-policy.ts';
import { maySponsor } from './sponsorship.ts';

/**
 * A guest's open handover (handover-rules.ts) as its page shows it, and taking it over: a guest manager of the
 * handover's unit becomes the guest's guarantor (or sponsor, as the one who stopped vouching was) through the person
 * their account is linked to, which closes the handover; audited and change-logged with the guest.
 */
export interface HandoverView {
  id: number;
  role: 'guarantor' | 'sponsor';
  voucherId: number;
  orgId: number;
  orgCode: string;
  orgPath: string;
  since: string;
  deadline: string;
}

export async function openHandoverOf(db: Db, guestId: number, lock = false): Promise<HandoverView | null> {
  let q = db
    .selectFrom('guest_handovers as h')
    .innerJoin('org_units as u', 'u.id', 'h.org_id')
    .select(['h.id', 'h.role', 'h.voucher_id', 'h.org_id', 'u.code', 'u.path', 'h.since', 'h.deadline'])
    .where('h.guest_id', '=', guestId)
    .where('h.closed_at', 'is', null);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    role: r.role,
    voucherId: r.voucher_id,
    orgId: r.org_id,
    orgCode: r.code,
    orgPath: r.path,
    since: String(r.since),
    deadline: String(r.deadline),
  };
}

export function createHandoverService(deps: ServiceDeps) {
  const { db } = deps;

  /**
   * The actor takes over the guest's open handover as its new guarantor or sponsor: 409 when the guest has none, 403
   * for anyone but a guest manager of the handover's unit, 400 when the actor's account has no person or that person
   * may not vouch today, 412 at another version.
   */
  async function takeOver(actor: Actor, id: number, expectedVersion: number, reason: string | null): Promise<Guest> {
    await write(deps, actor, async (uow) => {
      const { guest } = await readGuest(uow.db, id, true);
      const handover = await openHandoverOf(uow.db, id, true);
      const actorPersonId = await personOfActor(uow.db, actor);
      const refusal = takeOverRefusal(actor, { handoverOrgPath: handover?.orgPath ?? null, actorPersonId });
      if (refusal === 'no-handover')
        throw conflict(`guest ${id} is not handed over: its guarantor or sponsor still vouches for it`, {
          field: '/',
          rule: 'handed-over',
          message: 'the guest has no open handover',
        });
      if (refusal === 'not-a-manager')
        throw forbidden(
          `${actor.name} may not take over guest ${id}: it is for the guest managers of ${handover!.orgCode}`,
        );
      if (refusal === 'no-person')
        throw invalid(
          '/',
          'account-person',
          `${actor.name}'s account is linked to no person of the registry, who would vouch`,
        );
      if (guest.version !== expectedVersion) throw stale(`guest ${id}`, expectedVersion, guest.version);
      if (!(await maySponsor(uow.db, actorPersonId!, isoDate(uow.now))))
        throw invalid('/', 'may-sponsor', `person ${actorPersonId} may not vouch for a guest today`);
      const h = handover!;
      const column = h.role === 'guarantor' ? 'guarantor_id' : 'sponsor_id';
      const row = await uow.db
        .updateTable('guests')
        .set({ [column]: actorPersonId, updated_at: uow.now, version: guest.version + 1 })
        .where('id', '=', id)
        .returning('version')
        .executeTakeFirstOrThrow();
      await uow.db
        .updateTable('guest_handovers')
        .set({ closed_at: uow.now, outcome: 'taken-over', taken_by: actorPersonId })
        .where('id', '=', h.id)
        .execute();
      const key = h.role === 'guarantor' ? 'guarantorId' : 'sponsorId';
      uow.record({
        action: 'guest.take-over',
        op: 'updated',
        targetType: 'guest',
        targetId: id,
        before: { [key]: guest[key], version: guest.version },
        after: { [key]: actorPersonId, version: row.version, handover: h.id, orgId: h.orgId },
        reason,
      });
    });
    return (await readGuest(db, id)).guest;
  }

  return { takeOver };
}
