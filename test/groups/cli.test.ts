import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { createPerson } from '../registry/world.ts';

describe('steward groups against a running server', () => {
  const cli = useCliWorld();
  const { steward } = cli;

  it('makes folders and groups, adds members with dates, shows effective members with why, and refuses a cycle', async () => {
    const ann = (await createPerson(cli.t, { givenName: 'Ann', familyName: 'Clerk' })).id;
    for (const f of ['uni', 'uni:payroll']) expect((await steward('groups', 'mkdir', f)).code).toBe(0);
    expect((await steward('groups', 'create', 'uni:payroll:clerks')).stdout).toContain(
      'basic group uni:payroll:clerks',
    );
    expect((await steward('groups', 'create', 'uni:payroll:all')).code).toBe(0);
    const added = await steward(
      'groups',
      'add',
      'uni:payroll:clerks',
      '--person',
      String(ann),
      '--reason',
      'new clerk',
      '--ticket',
      'HR-7',
      '--until',
      '2026-12-31T00:00:00Z',
    );
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
  });
});
