import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

const tag = (actor: ActorName) => actor.toLowerCase();

/** A status type and a CSV feed over it, written straight to the tables. */
async function feed(fx: RouteFixture, name: string): Promise<string> {
  const now = fx.t.clock.now();
  const db = fx.t.db();
  await db
    .insertInto('status_types')
    .values({
      name: 'Fed',
      rank: 10,
      category: 'employee',
      card_label: null,
      directory: 'N',
      description: '',
      match: JSON.stringify({ kinds: ['staff'] }),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('feeds')
    .values({
      name,
      label: name,
      format: 'csv',
      selection: JSON.stringify({ statuses: ['Fed'], primaryOnly: false, orgUnits: [], streams: [] }),
      columns: JSON.stringify(['id', 'displayName']),
      ldif: null,
      schedule: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return name;
}

const body = { format: 'csv', selection: { statuses: ['Fed'] }, columns: ['id'] };

/**
 * Outbound feeds carry personal data in bulk: system administrators define them; auditors
 * (and administrators) read, download and pull them; organisation administrators do none of it.
 */
export const feedsCases: RouteCase[] = [
  { route: 'GET /feeds', allowed: 'auditor', denied: 'orgadmin', request: () => ({ method: 'GET', url: '/feeds' }) },
  {
    route: 'POST /feeds',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      await feed(fx, 'seed');
      return { method: 'POST', url: '/feeds', payload: { name: `new-${tag(actor)}`, ...body } };
    },
  },
  {
    route: 'GET /feeds/:name',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/feeds/${await feed(fx, 'staff')}` }),
  },
  {
    route: 'PUT /feeds/:name',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const name = await feed(fx, 'staff');
      const etag = String((await fx.call('admin', { method: 'GET', url: `/feeds/${name}` })).headers.etag);
      return { method: 'PUT', url: `/feeds/${name}`, headers: { 'if-match': etag }, payload: body };
    },
  },
  {
    route: 'DELETE /feeds/:name',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => ({ method: 'DELETE', url: `/feeds/${await feed(fx, `gone-${tag(actor)}`)}` }),
  },
  {
    route: 'GET /feeds/:name/output',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/feeds/${await feed(fx, 'staff')}/output` }),
  },
  {
    route: 'GET /feeds/:name/preview',
    allowed: 'auditor',
    denied: 'orgadminElsewhere',
    request: async (fx) => ({ method: 'GET', url: `/feeds/${await feed(fx, 'staff')}/preview` }),
  },
  {
    route: 'GET /feeds/:name/changes',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/feeds/${await feed(fx, 'staff')}/changes?since=0` }),
  },
  {
    route: 'POST /feeds/:name/pulls',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'POST', url: `/feeds/${await feed(fx, 'staff')}/pulls`, payload: {} }),
  },
  {
    route: 'POST /feeds/:name/refresh',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'POST', url: `/feeds/${await feed(fx, 'staff')}/refresh` }),
  },
];
