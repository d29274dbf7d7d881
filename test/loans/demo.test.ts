import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoTempAccounts } from '../../src/demo/demo-temp-accounts.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

describe('demo temporary accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('fills the COMP and PHYS pools and the global pool once; a second load adds nothing', async () => {
    const orgs = new Map([
      ['COMP', await addOrg(t, 'COMP')],
      ['PHYS', await addOrg(t, 'PHYS')],
    ]);
    const demo = systemActor('demo');
    expect(await loadDemoTempAccounts(t.app, demo, (code) => orgs.get(code)!)).toBe(11);
    expect(await loadDemoTempAccounts(t.app, demo, (code) => orgs.get(code)!)).toBe(0);
    const pools = await t.app.loans.pools.pools(demo);
    expect(pools.global).toMatchObject({ free: 6, low: false });
    expect(pools.departments.map((d) => [d.orgCode, d.free])).toEqual([
      ['COMP', 3],
      ['PHYS', 2],
    ]);
  });
});
