import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

/**
 * Authorisation cases for snapshots, single-record updates and match reviews: everyone
 * with a role reads them; only system administrators deliver, release, discard and resolve.
 * Each case works on a source of its own per actor, so cases never meet.
 */
const tag = (actor: ActorName) => actor.toLowerCase();

const line = (key: string, person: string, given = 'Ada', family = 'Inside') =>
  `${key},${person},${given},${family},employee,FACA\n`;
const header = 'record_key,person_key,given_name,family_name,kind,org_code\n';

async function source(fx: RouteFixture, name: string): Promise<string> {
  const found = await fx.call('admin', { method: 'GET', url: `/sources/${name}` });
  if (found.statusCode !== 200)
    await fx.call('admin', { method: 'POST', url: '/sources', payload: { name, label: name } });
  return name;
}

async function upload(
  fx: RouteFixture,
  name: string,
  body: string,
  query = '',
): Promise<{ id: number; state: string }> {
  const r = await fx.call('admin', {
    method: 'POST',
    url: `/sources/${name}/snapshots${query}`,
    headers: { 'content-type': 'text/csv' },
    payload: body,
  });
  if (r.statusCode >= 300) throw new Error(`upload to ${name}: ${r.body}`);
  return r.json();
}

/** A snapshot held over its threshold: one record on file, then a snapshot that replaces it with three. */
async function heldSnapshot(fx: RouteFixture, name: string): Promise<number> {
  await source(fx, name);
  await upload(fx, name, header + line(`${name}-1`, 'P1'));
  const held = await upload(
    fx,
    name,
    header + line(`${name}-2`, 'P1') + line(`${name}-3`, 'P1') + line(`${name}-4`, 'P1'),
  );
  if (held.state !== 'held') throw new Error(`expected a held snapshot, got ${held.state}`);
  return held.id;
}

async function dryRun(fx: RouteFixture, name: string): Promise<number> {
  await source(fx, name);
  return (await upload(fx, name, header + line(`${name}-1`, 'P1'), '?dryRun=true')).id;
}

/** An open review: a record whose ID number belongs to Ada Inside but whose name is someone else's. */
async function openReview(fx: RouteFixture, actor: ActorName): Promise<number> {
  const name = await source(fx, `rv-${tag(actor)}`);
  const value = `RV-${tag(actor).toUpperCase()}`;
  await fx.t
    .db()
    .insertInto('identifiers')
    .values({ kind: 'id-number', scope: '', value, person_id: fx.person.inA, created_at: fx.t.clock.now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const r = await fx.call('admin', {
    method: 'PUT',
    url: `/sources/${name}/records/r1`,
    payload: {
      personKey: 'P1',
      givenName: 'Zed',
      familyName: 'Quux',
      idNumber: value,
      kind: 'employee',
      orgCode: 'FACA',
    },
  });
  if (r.statusCode !== 202) throw new Error(`expected a review: ${r.body}`);
  return r.json().reviewId;
}

export const snapshotsCases: RouteCase[] = [
  {
    route: 'POST /sources/:name/snapshots',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => {
      const name = await source(fx, `up-${tag(actor)}`);
      return {
        method: 'POST',
        url: `/sources/${name}/snapshots`,
        headers: { 'content-type': 'text/csv' },
        payload: header + line(`${name}-1`, 'P1'),
      };
    },
  },
  {
    route: 'GET /snapshots',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/snapshots' }),
  },
  {
    route: 'GET /snapshots/:id',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx, actor) => ({ method: 'GET', url: `/snapshots/${await dryRun(fx, `show-${tag(actor)}`)}` }),
  },
  {
    route: 'GET /snapshots/:id/diff',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx, actor) => ({ method: 'GET', url: `/snapshots/${await dryRun(fx, `diff-${tag(actor)}`)}/diff` }),
  },
  {
    route: 'POST /snapshots/:id/release',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => ({
      method: 'POST',
      url: `/snapshots/${await heldSnapshot(fx, `rel-${tag(actor)}`)}/release`,
    }),
  },
  {
    route: 'POST /snapshots/:id/discard',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => ({
      method: 'POST',
      url: `/snapshots/${await heldSnapshot(fx, `dis-${tag(actor)}`)}/discard`,
      payload: { reason: 'test' },
    }),
  },
  {
    route: 'PUT /sources/:name/records/:recordKey',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const name = await source(fx, `put-${tag(actor)}`);
      return {
        method: 'PUT',
        url: `/sources/${name}/records/r1`,
        payload: { personKey: 'P1', familyName: 'Inside', kind: 'employee', orgCode: 'FACA' },
      };
    },
  },
  {
    route: 'DELETE /sources/:name/records/:recordKey',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => {
      const name = await source(fx, `del-${tag(actor)}`);
      await fx.call('admin', {
        method: 'PUT',
        url: `/sources/${name}/records/r1`,
        payload: { personKey: 'P1', familyName: 'Inside', kind: 'employee', orgCode: 'FACA' },
      });
      return { method: 'DELETE', url: `/sources/${name}/records/r1` };
    },
  },
  {
    route: 'GET /sources/reviews',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/sources/reviews' }),
  },
  {
    route: 'POST /sources/reviews/:id/resolve',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => ({
      method: 'POST',
      url: `/sources/reviews/${await openReview(fx, actor)}/resolve`,
      payload: { dismiss: true },
    }),
  },
];
