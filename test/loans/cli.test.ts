import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { addOrg } from '../registry/world.ts';
import { accepts } from './world.ts';

describe('steward loans against a running server', () => {
  const cli = useCliWorld({ start: '2026-09-01T09:00:00Z' });
  const { steward } = cli;
  beforeAll(() => addOrg(cli.t, 'PHYS'));

  it('adds accounts, lends one showing the password once, renews, returns and lists the history', async () => {
    const added = await steward('loans', 'accounts', 'add', 'temp-phys-01', '--org', 'PHYS');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('added temp-phys-01');
    expect((await steward('loans', 'accounts', 'add', 'temp-global-01', '--global')).code).toBe(0);

    const short = await steward(
      'loans',
      'lend',
      '--org',
      'PHYS',
      '--borrower',
      'Vera Visitor',
      '--comment',
      'seminar',
      '--hours',
      '2',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('/hours');
    expect(short.stderr).toContain('[minimum:3h]');

    const lent = await steward(
      'loans',
      'lend',
      '--org',
      'PHYS',
      '--borrower',
      'Vera Visitor',
      '--comment',
      'seminar',
      '--hours',
      '6',
    );
    expect(lent.code, lent.stderr).toBe(0);
    expect(lent.stdout).toContain('temp-phys-01');
    const password = /password\s+(\S+)/.exec(lent.stdout)![1];
    const loanId = /^loan (\d+)/m.exec(lent.stdout)![1];
    const account = await cli.t
      .db()
      .selectFrom('temp_accounts')
      .select('id')
      .where('username', '=', 'temp-phys-01')
      .executeTakeFirstOrThrow();
    expect(await accepts(cli.t, Number(account.id), password)).toBe(true);

    const renewed = await steward('loans', 'renew', loanId, '--hours', '24', '--comment', 'stays longer');
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout).toContain('renewed');
    expect(renewed.stdout).toContain('2026-09-02 09:00');

    const pools = await steward('loans', 'pools');
    expect(pools.stdout).toContain('global pool: 1 free');
    expect(pools.stdout).toMatch(/PHYS\s+Unit PHYS\s+0\s+1/);

    const back = await steward('loans', 'return', loanId, '--reason', 'left early');
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain('returned');
    expect(await accepts(cli.t, Number(account.id), password)).toBe(false);

    const history = await steward('loans', 'history', '--account', 'temp-phys-01');
    expect(history.stdout).toMatch(
      /temp-phys-01\s+PHYS\s+department\s+Vera Visitor\s+2026-09-01 09:00\s+2026-09-01 09:00\s+returned\s+1\s+seminar/,
    );
    expect((await steward('loans', 'settings', '--low-water', '1')).stdout).toContain('low-water mark  1');
  });
});
