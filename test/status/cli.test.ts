import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { addOrg } from '../registry/world.ts';
import { addBarePerson, feedAffiliation } from './world.ts';

describe('steward status against a running server', () => {
  const cli = useCliWorld({ start: '2026-07-01T09:00:00Z' });
  const { steward } = cli;
  let person: number;
  beforeAll(async () => {
    const eng = await addOrg(cli.t, 'ENG');
    person = await addBarePerson(cli.t, 'Ada', 'Lovelace');
    await feedAffiliation(cli.t, person, {
      orgId: eng,
      codes: ['AE1'],
      validFrom: '2024-01-01',
      validTo: '2026-06-30',
    });
    await feedAffiliation(cli.t, person, { orgId: eng, codes: ['AF1'], validFrom: '2026-07-01' });
  });

  it('adds, lists, shows and updates status types', async () => {
    const added = await steward(
      'status',
      'types',
      'add',
      'Exempt employee',
      '--rank',
      '750',
      '--category',
      'employee',
      '--card-label',
      'Employee',
      '--directory',
      'Y',
      '--source',
      'hr',
      '--code',
      'AE%',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('matches     source hr, code AE%');
    expect(
      (
        await steward(
          'status',
          'types',
          'add',
          'Faculty',
          '--rank',
          '750',
          '--category',
          'employee',
          '--source',
          'hr',
          '--code',
          'AF%',
        )
      ).code,
    ).toBe(0);
    const bad = await steward('status', 'types', 'add', 'Broken', '--rank', '1', '--category', 'x', '--code', 'A%B');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/match/codes/0');
    expect(bad.stderr).toContain('[wildcard]');

    const updated = await steward(
      'status',
      'types',
      'update',
      'faculty',
      '--card-label',
      'Faculty',
      '--kind',
      'employee',
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toContain('card        Faculty');
    expect(updated.stdout).toContain('matches     source hr, kind employee, code AF%');
    expect(updated.stdout).toContain('version 2');
    const list = await steward('status', 'types', 'list');
    expect(list.stdout).toMatch(/Exempt employee\s+750\s+employee\s+Employee\s+Y\s+0/);
  });

  it("recomputes everyone with a summary, then shows a person's statuses with the bridge and what ended", async () => {
    // The match change above already recomputed everyone (issue 16): start from no history for the recompute to fill.
    expect((await cli.t.db().selectFrom('person_statuses').select('id').execute()).length).toBe(2);
    await cli.t.db().deleteFrom('person_statuses').execute();
    const r = await steward('status', 'recompute', '--batch-size', '10');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/1 people in [\d.]+ s: 2 statuses opened, 0 updated, 0 closed, 0 deleted/);
    const again = await steward('--json', 'status', 'recompute');
    expect(JSON.parse(again.stdout)).toMatchObject({ people: 1, opened: 0, total: 1 });

    const shown = await steward('status', 'show', String(person));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Ada Lovelace (person ${person}) on 2026-07-01`);
    expect(shown.stdout).toContain('primary     Faculty (rank 750, employee), card "Faculty"');
    expect(shown.stdout).toContain(
      'before it ended: Exempt employee (ended 2026-06-30)  → carried on to Faculty from 2026-07-01 (its own end was 2026-06-30)',
    );
    const holders = await steward('status', 'holders', 'Exempt employee', '--on', '2026-06-30');
    expect(holders.stdout).toContain('Exempt employee on 2026-06-30: 1 person');
    expect(holders.stdout).toContain('Ada Lovelace');
  });

  it('shows and changes the look-ahead window', async () => {
    expect((await steward('status', 'settings')).stdout).toContain('look-ahead: 14 days (version 0)');
    expect((await steward('status', 'settings', '--look-ahead', '10')).stdout).toContain(
      'look-ahead: 10 days (version 1)',
    );
  });
});
