import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { approvalSteps, type ApprovalStepName } from '../../src/guests/guest-types.ts';
import { awaitsDecision, mayDecide, type RequestActor } from '../../src/guests/requests/request-policy.ts';
import { inboxIds, loadRequests } from '../../src/guests/requests/request-store.ts';
import type { GuestRequestState } from '../../src/platform/db/request-tables.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { random } from './random.ts';
import { makeGuestWorld } from './world.ts';

/**
 * The inbox is one SQL query; who may decide a request is the pure request policy. On random
 * unit trees with approvers scattered over them, random accounts (with and without a person,
 * holding desks, system administrators) and random requests in every state and step, the
 * inbox of every account holds exactly the requests the policy says await its decision — and,
 * for everyone but system administrators (who may decide any step but find only their own
 * steps in their inbox), exactly those it may decide.
 */
let t: TestApp;
const states: GuestRequestState[] = ['waiting', 'waiting', 'waiting', 'approved', 'rejected', 'withdrawn'];
const actors: RequestActor[] = [];
const requestIds: number[] = [];

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  const w = await makeGuestWorld(t);
  const rnd = random(20260901);
  const db = t.db();
  const now = t.clock.now();

  // A unit tree three levels deep.
  const units: number[] = [];
  for (let i = 0; i < 9; i++) units.push(await addOrg(t, `U${i}`, i === 0 ? null : rnd.pick(units)));
  const people: number[] = [];
  for (let i = 0; i < 8; i++)
    people.push(
      (
        await createPerson(t, {
          givenName: `Pat${i}`,
          familyName: `Person${i}`,
          emails: [{ address: `p${i}@x.example` }],
        })
      ).id,
    );
  // Approvers on some units only: the others inherit the nearest ancestor's.
  for (const unit of units)
    for (const person of people)
      if (rnd.chance(0.12))
        await db
          .insertInto('org_officers')
          .values({ org_id: unit, person_id: person, function: 'approver', role_name: 'Approver', created_at: now })
          .execute();

  const system = systemActor('test');
  for (let i = 0; i < 12; i++) {
    const personId = rnd.chance(0.75) ? rnd.pick(people) : null;
    const desks = approvalSteps.filter((s) => (s === 'it-desk' || s === 'card-desk') && rnd.chance(0.25));
    const sysadmin = rnd.chance(0.15);
    const user = await t.app.accounts.createUser(system, {
      username: `acct${i}`,
      displayName: `Account ${i}`,
      password: 'correct horse battery',
      personId,
      email: null,
      roles: [
        ...desks.map((office) => ({ role: 'office' as const, office })),
        ...(sysadmin ? [{ role: 'sysadmin' as const }] : []),
      ],
    });
    actors.push({ userId: user.id, personId, sysadmin, desks: new Set(desks), readsGuests: sysadmin });
  }

  for (let i = 0; i < 80; i++) {
    const steps = approvalSteps.filter(() => rnd.chance(0.5));
    if (steps.length === 0) steps.push(rnd.pick(approvalSteps));
    const chain: ApprovalStepName[] = rnd.chance(0.5) ? steps : [...steps].reverse();
    const row = await db
      .insertInto('guest_requests')
      .values({
        kind: 'new',
        type_id: w.types.visitor,
        given_name: 'Vic',
        family_name: `Visitor${i}`,
        email: `v${i}@x.example`,
        host_org_id: rnd.chance(0.85) ? rnd.pick(units) : null,
        sponsor_id: rnd.chance(0.5) ? rnd.pick(people) : null,
        guarantor_id: rnd.pick(people),
        submitted_by: rnd.chance(0.7) ? rnd.pick(actors).userId : null,
        services: '[]',
        valid_from: '2026-09-10',
        valid_to: '2026-10-10',
        steps: JSON.stringify(chain),
        current_step: rnd.int(chain.length),
        state: rnd.pick(states),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    requestIds.push(row.id);
  }
});
afterAll(() => t.close());

describe('the approval inbox', () => {
  it('holds exactly the requests the request policy says await each account', async () => {
    const requests = await loadRequests(t.db(), requestIds);
    expect(requests).toHaveLength(requestIds.length);
    let nonEmpty = 0;
    for (const a of actors) {
      const inbox = await inboxIds(t.db(), a);
      const awaiting = requests.filter((r) => awaitsDecision(a, r.parties, r.currentApprovers)).map((r) => r.id);
      expect(inbox, `account ${a.userId}`).toEqual(awaiting);
      if (!a.sysadmin)
        expect(inbox, `account ${a.userId}`).toEqual(
          requests.filter((r) => mayDecide(a, r.parties, r.currentApprovers)).map((r) => r.id),
        );
      if (inbox.length > 0) nonEmpty += 1;
    }
    // The random world is one where the question is worth asking: several accounts have something to decide.
    expect(nonEmpty).toBeGreaterThanOrEqual(3);
  });

  it('lets a desk decide every request waiting at its desk that is not its own', async () => {
    const requests = await loadRequests(t.db(), requestIds);
    const desk = actors.find((a) => a.desks.size > 0 && !a.sysadmin);
    expect(desk).toBeDefined();
    const waitingAtDesk = requests.filter((r) => r.parties.currentStep !== null && desk!.desks.has(r.currentStep!));
    expect(waitingAtDesk.length).toBeGreaterThan(0);
    for (const r of waitingAtDesk) {
      const own = r.parties.guarantorId === desk!.personId || r.parties.submitterId === desk!.userId;
      expect(mayDecide(desk!, r.parties, r.currentApprovers), `request ${r.id}`).toBe(!own);
    }
  });
});
