import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { addOrg } from './world.ts';

/** `steward people …` and `steward import people` against a real listening server. */
const cli = useCliWorld();
const { steward, dir } = cli;
let org: number;
beforeAll(async () => {
  org = await addOrg(cli.t, 'HIST');
});

describe('steward people', () => {
  it('creates, finds, shows, corrects, mints and tells the history of a person', async () => {
    const created = await steward(
      '--json',
      'people',
      'create',
      '--given',
      'Jon',
      '--family',
      'Finke',
      '--birth-date',
      '1990-04-01',
      '--email',
      'jon@mail.example/home',
      '--id',
      'source-key@hr=E1',
      '--org',
      String(org),
      '--kind',
      'staff',
    );
    expect(created.code, created.stderr).toBe(0);
    const jon = JSON.parse(created.stdout);
    expect(jon).toMatchObject({
      displayName: 'Jon Finke',
      emails: [{ address: 'jon@mail.example', label: 'home' }],
      affiliations: [{ orgCode: 'HIST', kind: 'staff' }],
    });

    const found = await steward('people', 'search', 'Jon', 'Fink');
    expect(found.stdout.split('\n')[2]).toMatch(new RegExp(`^${jon.id}\\s+Jon Finke`));

    const minted = await steward('people', 'mint', String(jon.id), 'username');
    expect(minted.stdout.trim()).toBe('jfinke');
    const shown = await steward('people', 'show', 'JFINKE');
    expect(shown.stdout).toContain(`Jon Finke (person ${jon.id}, version 1)`);
    expect(shown.stdout).toContain('username   jfinke');
    expect(shown.stdout).toContain('member of  HIST Unit HIST: staff');

    const updated = await steward('people', 'update', String(jon.id), '--middle', 'Peter', '--reason', 'passport');
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toContain('version 2');
    const history = await steward('people', 'history', String(jon.id));
    expect(history.stdout).toMatch(/person\.update .*passport/);
    expect(history.stdout).toContain('person.mint');
  });

  it('shows likely duplicates and creates only with --force and a reason', async () => {
    await steward('people', 'create', '--given', 'Mary', '--family', 'Lee', '--birth-date', '1980-01-01');
    const refused = await steward(
      'people',
      'create',
      '--given',
      'Mary',
      '--family',
      'Lee',
      '--birth-date',
      '1980-01-01',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Likely duplicates of this person exist');
    expect(refused.stdout).toContain('same name; same birth date');
    expect(refused.stderr).toContain('pass --force --reason');
    const forced = await steward(
      'people',
      'create',
      '--given',
      'Mary',
      '--family',
      'Lee',
      '--birth-date',
      '1980-01-01',
      '--force',
      '--reason',
      'a different Mary Lee',
    );
    expect(forced.code, forced.stderr).toBe(0);
  });

  it('merges two records and refuses a self-merge with the reason', async () => {
    const a = JSON.parse((await steward('--json', 'people', 'create', '--given', 'Kim', '--family', 'Larsen')).stdout);
    const b = JSON.parse(
      (
        await steward(
          '--json',
          'people',
          'create',
          '--given',
          'Kim',
          '--family',
          'Larsen',
          '--force',
          '--reason',
          'test',
        )
      ).stdout,
    );
    const merged = await steward('people', 'merge', String(a.id), String(b.id), '--reason', 'entered twice');
    expect(merged.code, merged.stderr).toBe(0);
    const tomb = JSON.parse((await steward('--json', 'people', 'show', String(b.id))).stdout);
    expect(tomb).toMatchObject({ state: 'merged', mergedInto: a.id });
    const self = await steward('people', 'merge', String(a.id), String(a.id), '--reason', 'oops');
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('/loserId: must differ from the surviving person [not-self]');
  });
});

describe('steward import people', () => {
  it('streams the file, reports the summary and each bad line, and changes nothing on a re-run', async () => {
    const file = join(dir, 'people.csv');
    const rows = Array.from({ length: 300 }, (_, i) => `H${i},Given${i},Family${i},1970-01-01,HIST,student`);
    writeFileSync(
      file,
      `source_key,given_name,family_name,birth_date,org_code,affiliation_kind\n${rows.join('\n')}\nH999,Bad,Date,1970-13-01,HIST,student\n`,
    );
    const dry = await steward('import', 'people', file, '--source', 'hr', '--dry-run');
    expect(dry.stdout).toContain('DRY RUN (nothing written): 301 rows: 300 created, 0 updated, 0 unchanged, 1 failed');
    const real = await steward('import', 'people', file, '--source', 'hr');
    expect(real.stdout).toContain('301 rows: 300 created, 0 updated, 0 unchanged, 1 failed');
    expect(real.stdout).toContain('line 302: birth_date: "1970-13-01" is not a date as YYYY-MM-DD [format:date]');
    expect(real.code).toBe(1);
    expect(real.stderr).toMatch(/sent (\d+) of \1 bytes/);
    const again = await steward('import', 'people', file, '--source', 'hr');
    expect(again.stdout).toContain('301 rows: 0 created, 0 updated, 300 unchanged, 1 failed');
  });

  it('says why a file is refused', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'name,colour\nA,blue\n');
    const r = await steward('import', 'people', file, '--source', 'hr');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('line 1: colour: is not a column Steward knows');
  });
});
