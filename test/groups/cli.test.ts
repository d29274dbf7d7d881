import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';

describe('steward groups against a running server', () => {
  let t: TestApp;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), 'steward-groups-cli-'));
  const steward = (...args: string[]) => runCli(args, env);
  beforeAll(async () => {
    t = await makeTestApp();
    const url = await t.server.listen({ host: '127.0.0.1', port: 0 });
    env = { STEWARD_URL: url, STEWARD_TOKEN: t.tokens.admin, STEWARD_CREDENTIALS: join(dir, 'none.json') };
  });
  afterAll(() => t.close());

  it('makes folders and groups, adds members with dates, shows effective members with why, and refuses a cycle', async () => {
    const ann = (await createPerson(t, { givenName: 'Ann', familyName: 'Clerk' })).id;
    for (const f of ['uni', 'uni:payroll']) expect((await steward('groups', 'mkdir', f)).code).toBe(0);
    expect((await steward('groups', 'create', 'uni:payroll:clerks')).stdout).toContain('basic group uni:payroll:clerks');
    expect((await steward('groups', 'create', 'uni:payroll:all')).code).toBe(0);
    const added = await steward('groups', 'add', 'uni:payroll:clerks', '--person', String(ann), '--reason', 'new clerk', '--ticket', 'HR-7', '--until', '2026-12-31T00:00:00Z');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('until 2026-12-31');
    expect((await steward('groups', 'add', 'uni:payroll:all', '--group', 'uni:payroll:clerks')).code).toBe(0);
    const eff = await steward('groups', 'members', 'uni:payroll:all', '--effective');
    expect(eff.stdout).toContain('Ann Clerk');
    expect(eff.stdout).toContain('uni:payroll:clerks → uni:payroll:all');
    const cycle = await steward('groups', 'add', 'uni:payroll:clerks', '--group', 'uni:payroll:all');
    expect(cycle.code).toBe(1);
    expect(cycle.stderr).toContain('[cycle]');
    expect((await steward('groups', 'ls', 'uni:payroll')).stdout).toContain('uni:payroll:clerks');
    expect((await steward('groups', 'rebuild')).stdout).toContain('0 differed');
  }, 180_000);
});
