import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { isoDate } from '../platform/dates.ts';
import { assertNoProblems, conflict, forbidden, invalid, stale } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { partiesOf, readGuest } from './guest-facts.ts';
import { mayChangeDates, mayTrigger } from './guest-policy.ts';
import { datesProblems, renewalProblems } from './guest-rules.ts';
import { type Guest, loadLifecycle } from './guest-store.ts';
import { isTerminal, isTimed } from './lifecycle.ts';
import { moveGuest, renewGuest, writeValidTo } from './guest-writes.ts';

/**
 * Changes to a registered guest: a manual transition of its lifecycle, a new last valid
 * day, a renewal. Who may is guest-policy.ts; each change needs the version read (412
 * otherwise) and records the guest's transition history where its state moves.
 */
export function createGuestChanges(deps: ServiceDeps) {
  const { db } = deps;

  /**
   * Triggers a manual transition of the guest's lifecycle. Allowed when the actor plays one
   * of the roles the transition names (403 otherwise), the guest is in one of its `from`
   * states (409 otherwise) and at the version read (412 otherwise).
   */
  async function transition(
    actor: Actor,
    id: number,
    expectedVersion: number,
    name: string,
    reason: string | null = null,
  ): Promise<Guest> {
    await write(deps, actor, async (uow) => {
      const { guest, type } = await readGuest(uow.db, id, true);
      const lc = await loadLifecycle(uow.db, type.lifecycle);
      const t = lc.transitions.find((x) => x.name === name);
      if (!t)
        throw invalid(
          '/transition',
          'known-transition',
          `the ${lc.name} lifecycle has no transition ${name} (it has ${lc.transitions
            .filter((x) => !isTimed(x))
            .map((x) => x.name)
            .join(', ')})`,
        );
      if (isTimed(t)) throw invalid('/transition', 'manual', `${name} is timed: only the sweep applies it`);
      const parties = await partiesOf(uow.db, actor, guest, t.by.includes('approver') ? 'ask' : false);
      if (!mayTrigger(actor, parties, t))
        throw forbidden(`${actor.name} may not ${name} guest ${id}: it is for ${t.by.join(', ')}`);
      if (guest.version !== expectedVersion) throw stale(`guest ${id}`, expectedVersion, guest.version);
      if (!t.from.includes(guest.state))
        throw conflict(`guest ${id} is ${guest.state}; ${name} applies only from ${t.from.join(', ')}`, {
          field: '/transition',
          rule: 'from-state',
          message: `not allowed from ${guest.state}`,
        });
      await moveGuest(uow, guest, t, reason);
    });
    return (await readGuest(db, id)).guest; // whoever may move a guest may see it
  }

  /** 403 unless the actor may change the guest's dates (guest-policy.ts), naming the permission it lacks. */
  async function authoriseDates(uow: UnitOfWork, actor: Actor, guest: Guest): Promise<void> {
    const parties = await partiesOf(uow.db, actor, guest, false);
    if (!mayChangeDates(actor, parties)) authorise(actor, 'guests:manage', { orgPaths: parties.orgPaths });
  }

  function assertChangeable(guest: Guest, terminal: boolean): void {
    if (terminal || guest.state === 'disabled')
      throw conflict(`guest ${guest.id} is ${guest.state}; its dates no longer change`, {
        field: '/validTo',
        rule: 'state',
        message: `not while ${guest.state}`,
      });
  }

  /**
   * Sets the last valid day (a tenant leaving, a visit cut short, or an open-ended stay
   * given an end); the sweep then takes the guest through expiring and disabled.
   */
  async function setValidTo(
    actor: Actor,
    id: number,
    expectedVersion: number,
    validTo: string | null,
    reason: string | null = null,
  ): Promise<Guest> {
    await write(deps, actor, async (uow) => {
      const { guest, type } = await readGuest(uow.db, id, true);
      await authoriseDates(uow, actor, guest);
      if (guest.version !== expectedVersion) throw stale(`guest ${id}`, expectedVersion, guest.version);
      assertChangeable(guest, isTerminal(await loadLifecycle(uow.db, type.lifecycle), guest.state));
      assertNoProblems(datesProblems({ validFrom: guest.validFrom, validTo }, type));
      await writeValidTo(uow, guest, validTo, 'guest.valid-to', reason);
    });
    return (await readGuest(db, id)).guest;
  }

  /**
   * Renews a stay: a later valid-to, within the type's maximum counted from today, once the
   * renewal window has opened. An expiring guest becomes active again by the lifecycle's
   * `renew` transition; an active one stays active with the new dates.
   */
  async function renew(
    actor: Actor,
    id: number,
    expectedVersion: number,
    validTo: string,
    reason: string | null = null,
  ): Promise<Guest> {
    await write(deps, actor, async (uow) => {
      const { guest, type } = await readGuest(uow.db, id, true);
      await authoriseDates(uow, actor, guest);
      if (guest.version !== expectedVersion) throw stale(`guest ${id}`, expectedVersion, guest.version);
      const lc = await loadLifecycle(uow.db, type.lifecycle);
      assertChangeable(guest, isTerminal(lc, guest.state));
      assertNoProblems(renewalProblems(guest, validTo, type, isoDate(uow.now)));
      await renewGuest(uow, guest, lc, validTo, reason);
    });
    return (await readGuest(db, id)).guest;
  }

  return { transition, setValidTo, renew };
}
