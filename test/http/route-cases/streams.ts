import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

const tag = (actor: ActorName) => actor.toLowerCase();

/** A stream of the library office with one enum field, written straight to the tables. */
async function stream(fx: RouteFixture, name: string, fields: string[] = ['level']): Promise<string> {
  const now = fx.t.clock.now();
  const db = fx.t.db();
  await db
    .insertInto('status_streams')
    .values({ name, label: name, access_role: 'library', created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  for (const field of fields) {
    await db
      .insertInto('stream_fields')
      .values({
        stream: name,
        name: field,
        label: field,
        type: 'enum',
        options: JSON.stringify(['a', 'b']),
        length: null,
        default_value: 'a',
        display_rank: 0,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return name;
}

async function statusType(fx: RouteFixture): Promise<number> {
  const now = fx.t.clock.now();
  const row = await fx.t
    .db()
    .insertInto('status_types')
    .values({
      name: 'Streamed',
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
    .returning('id')
    .executeTakeFirst();
  if (row) return row.id;
  return (
    await fx.t.db().selectFrom('status_types').select('id').where('name', '=', 'Streamed').executeTakeFirstOrThrow()
  ).id;
}

async function etagOf(fx: RouteFixture, url: string): Promise<string> {
  return String((await fx.call('admin', { method: 'GET', url })).headers.etag);
}

/**
 * Auxiliary status streams: every role reads streams, values and the two questions;
 * streams and their fields are system administrators'; values are the stream's office's
 * (the fixture has no office account, so only the administrator may set them here; the
 * office itself is tested in test/streams).
 */
export const streamsCases: RouteCase[] = [
  { route: 'GET /streams', allowed: 'auditor', denied: 'nobody', request: () => ({ method: 'GET', url: '/streams' }) },
  {
    route: 'POST /streams',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({
      method: 'POST',
      url: '/streams',
      payload: { name: `new-${tag(actor)}`, accessRole: 'library' },
    }),
  },
  {
    route: 'GET /streams/:name',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/streams/${await stream(fx, 'library')}` }),
  },
  {
    route: 'PUT /streams/:name',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const name = await stream(fx, 'library');
      return {
        method: 'PUT',
        url: `/streams/${name}`,
        headers: { 'if-match': await etagOf(fx, `/streams/${name}`) },
        payload: { accessRole: 'library', label: 'Library' },
      };
    },
  },
  {
    route: 'DELETE /streams/:name',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => ({ method: 'DELETE', url: `/streams/${await stream(fx, `gone-${tag(actor)}`)}` }),
  },
  {
    route: 'POST /streams/:name/fields',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const name = await stream(fx, 'library');
      return {
        method: 'POST',
        url: `/streams/${name}/fields`,
        headers: { 'if-match': await etagOf(fx, `/streams/${name}`) },
        payload: { name: `f-${tag(actor)}`, type: 'boolean', default: false },
      };
    },
  },
  {
    route: 'PUT /streams/:name/fields/:field',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const name = await stream(fx, 'library');
      return {
        method: 'PUT',
        url: `/streams/${name}/fields/level`,
        headers: { 'if-match': await etagOf(fx, `/streams/${name}`) },
        payload: { type: 'enum', options: ['a', 'b', 'c'], default: 'a' },
      };
    },
  },
  {
    route: 'DELETE /streams/:name/fields/:field',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => {
      const name = await stream(fx, 'library', [`drop-${tag(actor)}`]);
      return {
        method: 'DELETE',
        url: `/streams/${name}/fields/drop-${tag(actor)}`,
        headers: { 'if-match': await etagOf(fx, `/streams/${name}`) },
      };
    },
  },
  {
    route: 'GET /streams/:name/values',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/streams/${await stream(fx, 'library')}/values` }),
  },
  {
    route: 'PUT /streams/:name/values',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => {
      const name = await stream(fx, 'library');
      return {
        method: 'PUT',
        url: `/streams/${name}/values`,
        headers: { 'if-match': await etagOf(fx, `/streams/${name}/values`) },
        payload: { values: { [await statusType(fx)]: { level: 'b' } } },
      };
    },
  },
  {
    route: 'GET /streams/:name/people',
    allowed: 'orgadminElsewhere',
    denied: 'nobody',
    request: async (fx) => ({
      method: 'GET',
      url: `/streams/${await stream(fx, 'library')}/people?field=level&value=a`,
    }),
  },
  {
    route: 'GET /people/:id/streams/:name',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({
      method: 'GET',
      url: `/people/${fx.person.inA}/streams/${await stream(fx, 'library')}?field=level&value=a`,
    }),
  },
];
