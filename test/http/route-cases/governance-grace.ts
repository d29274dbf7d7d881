import { systemActor } from '../../../src/platform/auth/actor.ts';
import { insertPolicy } from '../../governance/policy-row.ts';
import type { RouteCase } from '../route-case.ts';
import type { RouteFixture } from '../route-fixture.ts';

const setup = systemActor('test');
let n = 0;

/** A governed group with one governed membership of the fixture's first person, and an open mass-loss hold. */
async function world(fx: RouteFixture): Promise<{ groupId: number; membershipId: number; holdId: number }> {
  const g = fx.t.app.groups;
  const db = fx.t.db();
  const now = fx.t.clock.now();
  n += 1;
  const folder = await g.folders.create(setup, { extension: `grace${n}` });
  const group = await g.groups.create(setup, { folderId: folder.id, extension: 'g' });
  const m = await g.members.add(setup, group.id, { personId: fx.person.inA });
  const policy = {
    id: await insertPolicy(fx.t, {
      name: `grace-route-${n}`,
      group_id: group.id,
      grace: JSON.stringify({ job: 14, department: 5, leaving: 0, requirement: 5 }),
      security_level: 'high',
    }),
  };
  await db
    .insertInto('membership_facts')
    .values({
      membership_id: m.id,
      policy_id: policy.id,
      group_id: group.id,
      person_id: fx.person.inA,
      facts: JSON.stringify({ statuses: [], department: 'DEPA', title: null, supporting: [] }),
      recorded_at: now,
      recorded_by: 'test',
    })
    .execute();
  const hold = await db
    .insertInto('governance_holds')
    .values({ policy_id: policy.id, group_id: group.id, affected: 0, members: 1, items: '[]', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { groupId: group.id, membershipId: m.id, holdId: hold.id };
}

/**
 * Grace and notice: the reconcile is system administrators'; holds are read by group readers (auditors) and decided
 * by system administrators and the group's admins; a membership's why is read with `read` on the group.
 */
export const governanceGraceCases: RouteCase[] = [
  {
    route: 'POST /governance/reconcile',
    allowed: 'admin',
    denied: 'auditor',
    request: () => ({ method: 'POST', url: '/governance/reconcile', payload: { mode: 'incremental' } }),
  },
  {
    route: 'GET /governance/holds',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/governance/holds' }),
  },
  {
    route: 'GET /governance/holds/:id',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/governance/holds/${(await world(fx)).holdId}` }),
  },
  {
    route: 'POST /governance/holds/:id/release',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: `/governance/holds/${(await world(fx)).holdId}/release`,
      headers: { 'if-match': '"1"' },
      payload: { reason: 'checked' },
    }),
  },
  {
    route: 'POST /governance/holds/:id/discard',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: `/governance/holds/${(await world(fx)).holdId}/discard`,
      headers: { 'if-match': '"1"' },
      payload: {},
    }),
  },
  {
    route: 'GET /groups/:id/members/:membershipId/why',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => {
      const w = await world(fx);
      return { method: 'GET', url: `/groups/${w.groupId}/members/${w.membershipId}/why` };
    },
  },
  {
    route: 'GET /groups/:id/members/grace',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/groups/${(await world(fx)).groupId}/members/grace` }),
  },
];
