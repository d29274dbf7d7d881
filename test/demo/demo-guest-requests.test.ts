import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figure4GuestTypes } from '../../src/demo/demo-guest-types.ts';
import { loadDemoGuestRequests } from '../../src/demo/demo-guest-requests.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeRequestWorld, type RequestWorld } from '../guests/request-world.ts';

/**
 * The demo's waiting guest requests, loaded into a small campus standing in for Northbridge (PHYS under DEPTS with its
 * approvers).
 */
const demo = systemActor('demo');
let w: RequestWorld;
beforeAll(async () => {
  w = await makeRequestWorld();
  await w.t.app.guests.config.createMissingTypes(
    demo,
    figure4GuestTypes.filter((t) => t.name === 'Visiting Researcher'),
  );
});
afterAll(() => w.t.close());

const keys: Record<string, number> = {};
const lookup = {
  orgId: (code: string) => (code === 'PHYS' ? w.physics : 0),
  personId: (key: string) => keys[key],
  email: () => 'ops@uni.example',
};

describe('demo guest requests', () => {
  it('leaves one request with the faculty approvers and one with the IT desk, each in an inbox a demo account can open; a second load adds nothing', async () => {
    Object.assign(keys, { 'sci-manager': w.guarantor, 'staff:FSE:1': w.approver });
    expect(await loadDemoGuestRequests(w.t.app, demo, 'demo password 123', lookup)).toBe(2);
    const login = async (username: string) => (await w.t.app.accounts.login(username, 'demo password 123')).user;
    expect(await login('fse-approver')).toMatchObject({ username: 'fse-approver' });
    const users = await w.t.app.accounts.listUsers(demo);
    const actorOf = async (username: string) =>
      (await w.t.app.accounts.loadActor(users.find((u) => u.username === username)!.id))!;
    const approverInbox = await w.t.app.guestRequests.requests.inbox(await actorOf('fse-approver'));
    expect(approverInbox.map((r) => [r.visitorName, r.currentStep])).toEqual([
      ['Ingrid Sæther', 'department-approvers'],
    ]);
    const deskInbox = await w.t.app.guestRequests.requests.inbox(await actorOf('it-desk'));
    expect(deskInbox.map((r) => [r.visitorName, r.currentStep, r.steps[0].decision?.comment])).toEqual([
      ['Tomasz Wiśniewski', 'it-desk', 'Welcome to Physics (demo)'],
    ]);
    expect(await loadDemoGuestRequests(w.t.app, demo, 'demo password 123', lookup)).toBe(0);
  });
});
