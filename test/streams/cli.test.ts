import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { addType } from '../status/world.ts';

describe('steward streams against a running server', () => {
  const cli = useCliWorld({ start: '2026-09-01T09:00:00Z' });
  const { steward, as } = cli;
  let librarian: string;
  let ada: number;
  let bob: number;
  beforeAll(async () => {
    const t = cli.t;
    librarian = await t.tokenFor('librarian', [{ role: 'office', office: 'library' }]);
    const unit = await addOrg(t, 'LIB');
    await addType(t, { name: 'Faculty', rank: 900, match: { kinds: ['faculty'] } });
    await addType(t, { name: 'Staff', rank: 700, match: { kinds: ['staff'] } });
    ada = (
      await createPerson(t, {
        givenName: 'Ada',
        familyName: 'Lovelace',
        affiliation: { orgId: unit, kind: 'faculty', validFrom: '2020-01-01' },
      })
    ).id;
    bob = (
      await createPerson(t, {
        givenName: 'Bob',
        familyName: 'Baker',
        affiliation: { orgId: unit, kind: 'staff', validFrom: '2020-01-01' },
      })
    ).id;
  });

  it('adds a stream and its fields, and lists it', async () => {
    const added = await steward('streams', 'add', 'library', '--office', 'library', '--label', 'Library');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('managed by office library');
    expect(
      (
        await steward(
          'streams',
          'field',
          'add',
          'library',
          'patron_type',
          '--type',
          'enum',
          '--options',
          'faculty,staff,student',
          '--rank',
          '1',
        )
      ).code,
    ).toBe(0);
    const days = await steward(
      'streams',
      'field',
      'add',
      'library',
      'borrow_days',
      '--type',
      'number',
      '--default',
      '28',
      '--rank',
      '2',
    );
    expect(days.code, days.stderr).toBe(0);
    expect(days.stdout).toMatch(/borrow_days\s+number default 28/);
    const bad = await steward('streams', 'field', 'add', 'library', 'shelf', '--type', 'enum');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/options');
    expect((await steward('streams', 'list')).stdout).toMatch(/library\s+Library\s+library\s+patron_type, borrow_days/);
  });

  it('sets values as the library office, and shows them with defaults', async () => {
    const set = await as(librarian)('streams', 'set', 'library', 'faculty', 'patron_type=faculty', 'borrow_days=120');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Faculty in library: patron_type=faculty, borrow_days=120');
    const staff = await as(librarian)('streams', 'set', 'library', 'Staff', 'patron_type=staff');
    expect(staff.stdout).toContain('borrow_days=28 (default)');
    const bad = await as(librarian)('streams', 'set', 'library', 'Staff', 'patron_type=alumni');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/\/values\/\d+\/patron_type/);
    const show = await steward('streams', 'show', 'library');
    expect(show.stdout).toMatch(/Faculty\s+faculty\*\s+120\*/);
    expect(show.stdout).toMatch(/Staff\s+staff\*\s+28\s/);
  });

  it('answers who has a stream/field/value and whether a person has it', async () => {
    const who = await steward('streams', 'who', 'library', 'patron_type', 'faculty');
    expect(who.code, who.stderr).toBe(0);
    expect(who.stdout).toContain('library/patron_type/faculty on 2026-09-01: 1 person');
    expect(who.stdout).toMatch(new RegExp(`${ada}\\s+Ada Lovelace\\s+Faculty`));
    const yes = await steward('streams', 'has', String(ada), 'library', 'patron_type', 'faculty');
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toContain('yes:');
    const no = await steward('streams', 'has', String(bob), 'library', 'patron_type', 'faculty');
    expect(no.code).toBe(2);
    expect(no.stdout).toContain('no:');
  });
});
