import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';

let t: TestApp;
let token: string;
const N = Number(process.env.BENCH_N ?? 5000);
beforeAll(async () => {
  t = await makeTestApp();
  token = await t.tokenFor('bench', [{ role: 'scim-writer' }]);
  await sql`insert into people (given_name, family_name, search_name, created_at, updated_at)
    select 'P' || g, 'F' || g, 'p f', now(), now() from generate_series(1, ${N}) g`.execute(t.db());
}, 120000);
afterAll(() => t.close());
it('bench', async () => {
  const ids = (await t.db().selectFrom('people').select('id').orderBy('id').execute()).map((r) => String(r.id));
  const g = await t.call(token, { method: 'POST', url: '/scim/v2/Groups', payload: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Big' } });
  const id = g.json().id;
  const P = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
  const time = async (label: string, ops: unknown[]) => {
    const s = performance.now();
    const r = await t.call(token, { method: 'PATCH', url: `/scim/v2/Groups/${id}?`.replace('?', ''), payload: { schemas: [P], Operations: ops } });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    console.log(`${label}: ${(performance.now() - s).toFixed(0)} ms`);
  };
  await time(`add ${N}`, [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }]);
  await time('add 1 more (already there)', [{ op: 'add', path: 'members', value: [{ value: ids[0] }] }]);
  await time('remove 1', [{ op: 'remove', path: `members[value eq "${ids[5]}"]` }]);
  await time('add 1', [{ op: 'add', path: 'members', value: [{ value: ids[5] }] }]);
  await time(`remove all ${N}`, [{ op: 'remove', path: 'members' }]);
}, 600000);
