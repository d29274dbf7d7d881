import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AccessServices, createAccessServices } from '../../src/access/access.ts';
import { MemoryGroupSource } from '../../src/access/group-membership.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { person, unit } from './world.ts';

/**
 * Group subjects through the contract with the groups capability: effective-membership
 * intervals come from a GroupMembershipSource (here in memory, standing in for
 * group_effective_members), and a `group_effective` change names the group and people
 * whose rows changed. A second Steward process (another AccessServices on the same
 * database, following the change log) must come to agree.
 */
const actor = systemActor('test');
/** How long to wait for a follower to reach the state before failing: a guard against hanging, not a speed bound. */
const SETTLE_MS = 60_000;
let t: TestApp;
let groups: MemoryGroupSource;
let access: AccessServices;
let other: AccessServices;
let listener: AccessServices;

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T13:00:00Z' });
  groups = new MemoryGroupSource();
  const deps = { db: t.db(), clock: t.clock, log: pino({ level: 'silent' }) };
  access = createAccessServices({ ...deps, groups });
  other = createAccessServices({ ...deps, groups, pollMs: 100 });
  other.start();
  // Polls once an hour: only the commit notification (LISTEN/NOTIFY) can bring it up to date.
  listener = createAccessServices({ ...deps, groups, pollMs: 3_600_000, followChanges: t.database.followChanges });
  listener.start();
});
afterAll(async () => {
  await listener.stop();
  await other.stop();
  await access.stop();
  await t.close();
});

/** What the groups capability does when effective members change: rows, then a change entry in the same transaction. */
async function membersChanged(
  groupId: number,
  personIds: number[],
  rows: { personId: number; from?: Date; until?: Date }[],
): Promise<void> {
  groups.rows = groups.rows.filter((r) => !(r.groupId === groupId && personIds.includes(r.personId)));
  for (const r of rows)
    groups.rows.push({
      groupId,
      personId: r.personId,
      from: r.from?.getTime() ?? null,
      until: r.until?.getTime() ?? null,
    });
  await write({ db: t.db(), clock: t.clock }, actor, async (uow) =>
    uow.change({ entityType: 'group_effective', entityId: groupId, op: 'updated', data: { personIds } }),
  );
  await access.follower.catchUp();
}

const ask = (a: AccessServices, personId: number, application: string, action: string, resource: string, at?: string) =>
  a.check(actor, { subject: { type: 'person', id: personId }, application, action, resource, at });

describe('group subjects', () => {
  it('professional organisations: membership of an external list grants the survey role, and leaving it takes it away', async () => {
    const uni = await unit(t, 'UNI');
    const [librarian, stranger] = [await person(t, 'Libby', uni), await person(t, 'Stan', uni)];
    groups.groups.add(1);
    await membersChanged(1, [librarian], [{ personId: librarian }]);
    await access.config.createApp(actor, { name: 'ala-survey', label: 'ALA survey' });
    await access.config.createResource(actor, 'ala-survey', { name: 'survey' });
    const respondent = await access.roles.createRole(actor, 'ala-survey', { name: 'respondent' });
    await access.roles.addPermission(actor, respondent.id, { action: 'WRITE', resource: 'survey' });
    await access.assignments.assign(actor, {
      roleId: respondent.id,
      subjects: [{ type: 'group', id: 1 }],
      scopes: [{ kind: 'everywhere' }],
    });
    const d = await ask(access, librarian, 'ala-survey', 'WRITE', 'survey');
    expect(d.decision).toBe('allow');
    expect(d.reasons[0]).toMatchObject({ step: 'group', id: 1 });
    expect((await ask(access, stranger, 'ala-survey', 'WRITE', 'survey')).decision).toBe('deny');
    await membersChanged(1, [librarian], []);
    expect((await ask(access, librarian, 'ala-survey', 'WRITE', 'survey')).decision).toBe('deny');
  });

  it('dorm access through a composite group: leaving the active group removes the door role; a membership ends at its date without a job', async () => {
    const uni = await unit(t, 'UNI2');
    const [mary, john] = [await person(t, 'Mary', uni), await person(t, 'John', uni)];
    groups.groups.add(2);
    const end = new Date('2026-09-20T00:00:00Z');
    await membersChanged(2, [mary, john], [{ personId: mary, until: end }, { personId: john }]);
    await access.config.createApp(actor, { name: 'doors2', label: 'Doors', timeZone: 'America/New_York' });
    await access.config.createResource(actor, 'doors2', { name: 'dorms' });
    await access.config.createResource(actor, 'doors2', { name: 'steiner', parent: 'dorms' });
    const doorUser = await access.roles.createRole(actor, 'doors2', { name: 'doorUser' });
    await access.roles.addPermission(actor, doorUser.id, {
      action: 'ACCESS',
      resource: 'dorms',
      limits: [{ kind: 'time-window', from: '08:00', to: '22:00' }],
    });
    await access.assignments.assign(actor, {
      roleId: doorUser.id,
      subjects: [{ type: 'group', id: 2 }],
      scopes: [{ kind: 'everywhere' }],
    });
    expect((await ask(access, john, 'doors2', 'ACCESS', 'steiner', '2026-09-02T12:00:00-04:00')).decision).toBe(
      'allow',
    );
    expect((await ask(access, john, 'doors2', 'ACCESS', 'steiner', '2026-09-02T23:00:00-04:00')).decision).toBe('deny');
    // The registrar puts John on leave: the groups capability drops him from the active group, so from the composite.
    await membersChanged(2, [john], []);
    expect((await ask(access, john, 'doors2', 'ACCESS', 'steiner', '2026-09-02T12:00:00-04:00')).decision).toBe('deny');
    expect((await ask(access, mary, 'doors2', 'ACCESS', 'steiner', '2026-09-19T12:00:00-04:00')).decision).toBe(
      'allow',
    );
    expect((await ask(access, mary, 'doors2', 'ACCESS', 'steiner', '2026-09-20T12:00:00-04:00')).decision).toBe('deny');
    const who = await access.whoCan(actor, {
      application: 'doors2',
      action: 'ACCESS',
      resource: 'steiner',
      at: '2026-09-02T12:00:00-04:00',
    });
    expect(who.people.map((p) => p.personId)).toEqual([mary]);
  });

  it('a second process following the change log comes to agree after each commit, by its own polling', async () => {
    const uni = await unit(t, 'UNI3');
    const p = await person(t, 'Paula', uni);
    await access.config.createApp(actor, { name: 'wiki', label: 'Wiki' });
    await access.config.createResource(actor, 'wiki', { name: 'pages' });
    const editor = await access.roles.createRole(actor, 'wiki', { name: 'editor' });
    await access.roles.addPermission(actor, editor.id, { action: 'edit', resource: 'pages' });
    // Until the second process has read the application it answers that there is no such application (issue 13).
    await vi.waitFor(async () => expect((await ask(other, p, 'wiki', 'edit', 'pages')).decision).toBe('deny'), {
      timeout: SETTLE_MS,
      interval: 20,
    });
    const [a] = await access.assignments.assign(actor, {
      roleId: editor.id,
      subjects: [{ type: 'person', id: p }],
      scopes: [{ kind: 'org', orgId: uni }],
    });
    await vi.waitFor(async () => expect((await ask(other, p, 'wiki', 'edit', 'pages')).decision).toBe('allow'), {
      timeout: SETTLE_MS,
      interval: 20,
    });
    await access.assignments.revoke(actor, a.id);
    // A catch-up covers everything committed before it was asked for: the revocation is seen at once.
    await other.follower.catchUp();
    expect((await ask(other, p, 'wiki', 'edit', 'pages')).decision).toBe('deny');
  });

  it('a follower that polls once an hour still agrees at once: it hears each commit to the change log', async () => {
    const uni = await unit(t, 'UNI4');
    const p = await person(t, 'Nora', uni);
    await access.config.createApp(actor, { name: 'forms', label: 'Forms' });
    await access.config.createResource(actor, 'forms', { name: 'leave' });
    const clerk = await access.roles.createRole(actor, 'forms', { name: 'clerk' });
    await access.roles.addPermission(actor, clerk.id, { action: 'approve', resource: 'leave' });
    await listener.follower.index();
    // The listener learns the new application when it hears the commits (until then the action is unknown to it).
    await vi.waitFor(async () => expect((await ask(listener, p, 'forms', 'approve', 'leave')).decision).toBe('deny'), {
      timeout: SETTLE_MS,
      interval: 20,
    });
    const [a] = await access.assignments.assign(actor, {
      roleId: clerk.id,
      subjects: [{ type: 'person', id: p }],
      scopes: [{ kind: 'org', orgId: uni }],
    });
    await vi.waitFor(async () => expect((await ask(listener, p, 'forms', 'approve', 'leave')).decision).toBe('allow'), {
      timeout: SETTLE_MS,
      interval: 20,
    });
    await access.assignments.revoke(actor, a.id);
    await vi.waitFor(async () => expect((await ask(listener, p, 'forms', 'approve', 'leave')).decision).toBe('deny'), {
      timeout: SETTLE_MS,
      interval: 20,
    });
  });
});
