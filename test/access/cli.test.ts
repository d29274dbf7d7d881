import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { person, unit } from './world.ts';

describe('steward access against a running server', () => {
  const cli = useCliWorld({ start: '2026-09-01T16:00:00Z' });
  const { steward } = cli;
  let someone: number;
  beforeAll(async () => {
    const uni = await unit(cli.t, 'UNI');
    await unit(cli.t, 'CHEM', uni);
    someone = await person(cli.t, 'Cleo', uni);
  });

  it('configures an application, assigns a role in a unit by code, checks with reasons, counts and revokes', async () => {
    expect(
      (await steward('access', 'app-add', 'doors', '--time-zone', 'Europe/London', '--implies', 'open=enter')).code,
    ).toBe(0);
    expect((await steward('access', 'resource-add', 'doors', 'halls')).code).toBe(0);
    expect((await steward('access', 'resource-add', 'doors', 'north-hall', '--parent', 'halls')).code).toBe(0);
    const role = await steward('access', 'role-add', 'doors', 'resident');
    const roleId = /id (\d+)/.exec(role.stdout)![1];
    const grant = await steward('access', 'grant', roleId, 'open', 'halls', '--window', '08:00-22:00');
    expect(grant.code, grant.stderr).toBe(0);
    const assigned = await steward(
      'access',
      'assign',
      roleId,
      '--person',
      String(someone),
      '--org',
      'CHEM',
      '--reason',
      'lives there',
    );
    expect(assigned.code, assigned.stderr).toBe(0);
    expect(assigned.stdout).toContain('1 assignment made');
    const allowed = await steward(
      'access',
      'check',
      String(someone),
      'doors',
      'enter',
      'north-hall',
      '--scope',
      'CHEM',
    );
    expect(allowed.stdout).toContain('ALLOW');
    expect(allowed.stdout).toContain('halls contains north-hall');
    expect(allowed.stdout).toContain('open implies enter');
    const night = await steward(
      'access',
      'check',
      String(someone),
      'doors',
      'enter',
      'north-hall',
      '--scope',
      'CHEM',
      '--at',
      '2026-09-01T22:30:00Z',
    );
    expect(night.stdout).toContain('DENY');
    expect(night.stdout).toContain('between 08:00 and 22:00');
    expect((await steward('access', 'counts', '--app', 'doors')).stdout).toMatch(/CHEM\s+doors:resident\s+1/);
    const id = /made: (\d+)/.exec(assigned.stdout)![1];
    const held = cli.t.clock.now().toISOString();
    cli.t.clock.advance(60_000);
    expect((await steward('access', 'revoke', id)).code).toBe(0);
    const ask = (...more: string[]) =>
      steward('access', 'check', String(someone), 'doors', 'enter', 'north-hall', '--scope', 'CHEM', ...more);
    expect((await ask()).stdout).toContain('DENY');
    // issue 16: as it was before the revocation, and as Steward knew it before the assignment was made
    expect((await ask('--at', held)).stdout).toContain('ALLOW');
    const before = new Date(Date.parse(held) - 1).toISOString();
    expect((await ask('--at', held, '--known-at', before)).stdout).toContain('DENY');
    const bad = await steward('access', 'grant', roleId, 'open', 'halls', '--window', '8-22');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/limits/0/from');
  });
});
