import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

const tag = (actor: ActorName) => actor.toLowerCase();

/** A status type written straight to the table (so cases do not depend on the use case under test). */
async function statusType(fx: RouteFixture, name: string, kinds = ['staff']): Promise<number> {
  const now = fx.t.clock.now();
  const row = await fx.t
    .db()
    .insertInto('status_types')
    .values({
      name,
      rank: 100,
      category: 'employee',
      card_label: null,
      directory: 'Y',
      description: '',
      match: JSON.stringify({ kinds }),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  return (await fx.t.db().selectFrom('status_types').select('id').where('name', '=', name).executeTakeFirstOrThrow())
    .id;
}

async function etagOf(fx: RouteFixture, url: string): Promise<string> {
  return String((await fx.call('admin', { method: 'GET', url })).headers.etag);
}

/**
 * Ranked status: everyone with a role reads statuses and types; refreshing a person is for
 * whoever may change them (organisation administrators in their subtree); status types,
 * the look-ahead setting and the full recompute are system administrators'.
 */
export const statusCases: RouteCase[] = [
  {
    route: 'GET /status-types',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/status-types' }),
  },
  {
    route: 'GET /status-types/:id',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/status-types/${await statusType(fx, 'Staff')}` }),
  },
  {
    route: 'POST /status-types',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({
      method: 'POST',
      url: '/status-types',
      payload: { name: `Visitor ${tag(actor)}`, rank: 10, category: 'visitor', match: { kinds: ['visitor'] } },
    }),
  },
  {
    route: 'PUT /status-types/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const id = await statusType(fx, 'Retiree', ['retiree']);
      return {
        method: 'PUT',
        url: `/status-types/${id}`,
        headers: { 'if-match': await etagOf(fx, `/status-types/${id}`) },
        payload: { name: 'Retiree', rank: 20, category: 'retiree', description: actor, match: { kinds: ['retiree'] } },
      };
    },
  },
  {
    route: 'DELETE /status-types/:id',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => ({
      method: 'DELETE',
      url: `/status-types/${await statusType(fx, `Unused ${tag(actor)}`, ['nobody-has-this'])}`,
    }),
  },
  {
    route: 'GET /settings/status',
    allowed: 'orgadminElsewhere',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/settings/status' }),
  },
  {
    route: 'PUT /settings/status',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'PUT',
      url: '/settings/status',
      headers: { 'if-match': await etagOf(fx, '/settings/status') },
      payload: { lookAheadDays: 14 },
    }),
  },
  {
    route: 'GET /people/:id/statuses',
    allowed: 'auditor',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/people/${fx.person.inA}/statuses` }),
  },
  {
    route: 'POST /people/:id/statuses/refresh',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      await statusType(fx, 'Staff');
      return { method: 'POST', url: `/people/${fx.person.inA}/statuses/refresh` };
    },
  },
  {
    route: 'POST /statuses/recompute',
    allowed: 'admin',
    denied: 'orgadmin',
    request: () => ({ method: 'POST', url: '/statuses/recompute', payload: {} }),
  },
  {
    route: 'GET /statuses/holders',
    allowed: 'orgadminElsewhere',
    denied: 'nobody',
    request: async (fx) => {
      await statusType(fx, 'Staff');
      return { method: 'GET', url: '/statuses/holders?type=staff&on=2026-09-01' };
    },
  },
];
