import { systemActor } from '../../../src/platform/auth/actor.ts';
import type { RouteCase } from '../route-case.ts';
import type { RouteFixture } from '../route-fixture.ts';

const setup = systemActor('test');
let n = 0;

/**
 * A fresh group with one member and an access review over it (owner and member are fresh people, so no fixture
 * account is its owner or reviewer). System administrators do everything, auditors read, an account without a role
 * or person is an outsider.
 */
async function world(fx: RouteFixture): Promise<{ groupId: number; campaignId: number; itemId: number }> {
  const g = fx.t.app.groups;
  n += 1;
  const root =
    (await g.folders.list(setup, null)).folders.find((f) => f.name === 'review-routes') ??
    (await g.folders.create(setup, { extension: 'review-routes' }));
  const group = await g.groups.create(setup, { folderId: root.id, extension: `g${n}` });
  const member = await fx.addPerson('Mia', `Member${n}`, fx.org.deptA);
  const owner = await fx.addPerson('Oli', `Owner${n}`, fx.org.deptA);
  await g.members.add(setup, group.id, { personId: member });
  const c = await fx.t.app.reviews.campaigns.create(setup, {
    name: `route-review-${n}`,
    scope: { kind: 'group', id: group.id },
    deadline: new Date(fx.t.clock.now().getTime() + 30 * 86_400_000).toISOString(),
    ownerPersonId: owner,
  });
  const items = await fx.t.app.reviews.campaigns.items(setup, c.id, { reviewer: 'all' });
  return { groupId: group.id, campaignId: c.id, itemId: items.items[0].id };
}

export const reviewCases: RouteCase[] = [
  {
    route: 'POST /reviews',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const w = await world(fx);
      return {
        method: 'POST',
        url: '/reviews',
        payload: {
          name: `route-post-${actor}-${++n}`,
          scope: { kind: 'group', id: w.groupId },
          deadline: new Date(fx.t.clock.now().getTime() + 86_400_000).toISOString(),
          ownerPersonId: fx.person.inB,
        },
      };
    },
  },
  { route: 'GET /reviews', allowed: 'auditor', denied: 'nobody', request: () => ({ method: 'GET', url: '/reviews' }) },
  {
    route: 'GET /reviews/:id',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/reviews/${(await world(fx)).campaignId}` }),
  },
  {
    route: 'GET /reviews/:id/items',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/reviews/${(await world(fx)).campaignId}/items?reviewer=all` }),
  },
  {
    route: 'GET /reviews/:id/items/:itemId',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => {
      const w = await world(fx);
      return { method: 'GET', url: `/reviews/${w.campaignId}/items/${w.itemId}` };
    },
  },
  {
    route: 'PUT /reviews/:id/items/:itemId/decision',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const w = await world(fx);
      return {
        method: 'PUT',
        url: `/reviews/${w.campaignId}/items/${w.itemId}/decision`,
        headers: { 'if-match': '"1"' },
        payload: { decision: 'keep' },
      };
    },
  },
  {
    route: 'POST /reviews/:id/decisions',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: `/reviews/${(await world(fx)).campaignId}/decisions`,
      payload: { decision: 'keep', filter: { reviewer: 'all' } },
    }),
  },
  {
    route: 'POST /reviews/:id/close',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({ method: 'POST', url: `/reviews/${(await world(fx)).campaignId}/close` }),
  },
  {
    route: 'GET /reviews/:id/report',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/reviews/${(await world(fx)).campaignId}/report` }),
  },
  {
    route: 'GET /reviews/:id/report.csv',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/reviews/${(await world(fx)).campaignId}/report.csv` }),
  },
  {
    route: 'GET /reviews/attestation/due',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/reviews/attestation/due' }),
  },
  {
    route: 'GET /groups/:id/attestation',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/groups/${(await world(fx)).groupId}/attestation` }),
  },
  {
    route: 'PUT /groups/:id/attestation',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'PUT',
      url: `/groups/${(await world(fx)).groupId}/attestation`,
      headers: { 'if-match': '"1"' },
      payload: { everyDays: 90 },
    }),
  },
];
