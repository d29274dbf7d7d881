import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addSciencePark, loadDemoConfiguration } from './config-world.ts';

let demo: TestApp;
let fresh: TestApp;

async function changeHead(t: TestApp): Promise<number> {
  const row = await t.db().selectFrom('chain_heads').select('seq').where('name', '=', 'changes').executeTakeFirstOrThrow();
  return Number(row.seq);
}

async function exported(t: TestApp, format: 'json' | 'yaml' = 'json') {
  const res = await t.call(t.tokens.auditor, { method: 'GET', url: `/config/export?format=${format}` });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

beforeAll(async () => {
  demo = await makeTestApp();
  fresh = await makeTestApp();
  await loadDemoConfiguration(demo);
  await addSciencePark(fresh);
}, 300_000);
afterAll(async () => {
  await demo?.close();
  await fresh?.close();
});

describe('the configuration as a file', () => {
  it('exports the demo, applies it to a fresh instance, and exports the same document there', async () => {
    const doc = (await exported(demo)).json();
    expect(JSON.stringify(doc)).not.toMatch(/"id":|"version":/);
    expect(doc.notCovered).toContain('calendars');
    const applied = await fresh.call(fresh.tokens.admin, { method: 'POST', url: '/config/apply', payload: doc });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().applications.added).toEqual(['housing']);
    expect((await exported(fresh)).body).toBe((await exported(demo)).body);
    expect((await exported(fresh, 'yaml')).body).toBe((await exported(demo, 'yaml')).body);
  });
});
