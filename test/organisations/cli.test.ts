import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { addPerson } from './world.ts';

const CSV = `code,parent_code,kind,name,abbreviation,valid_from,custom.phone,custom.contact_email
CHEM,SCI,department,Chemistry,CHEM,,+44 1509 222000,
SCI,UNI,faculty,Faculty of Science,FoS,2001-08-01,,
UNI,,university,University of Testing,UoT,,,
ART,UNI,faculty,Faculty of Arts,,,,
BAD,UNI,tenant,Tenant without contact,,,,
`;

describe('steward orgs and steward import orgs against a running server', () => {
  const cli = useCliWorld();
  const { steward, dir } = cli;

  it('imports a CSV file, printing the summary and each failed line, and exits 1 when a line failed', async () => {
    const file = join(dir, 'orgs.csv');
    writeFileSync(file, CSV);
    const dry = await steward('import', 'orgs', file, '--dry-run');
    expect(dry.stdout).toContain('5 rows: 4 created, 0 updated, 0 unchanged, 1 failed (dry run: nothing was written)');
    const r = await steward('import', 'orgs', file);
    expect(r.stdout).toContain('5 rows: 4 created, 0 updated, 0 unchanged, 1 failed');
    expect(r.stdout).toContain('line 6  custom.contact_email  required');
    expect(r.code).toBe(1);
    const again = await steward('import', 'orgs', file);
    expect(again.stdout).toContain('4 unchanged');
  });

  it('prints the tree indented with validity, from a root and to a depth', async () => {
    const r = await steward('orgs', 'tree');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'UNI  University of Testing (university)\n  ART  Faculty of Arts (faculty)\n  SCI  Faculty of Science (faculty)  [from 2001-08-01]\n    CHEM  Chemistry (department)',
    );
    const shallow = await steward('orgs', 'tree', '--root', 'SCI', '--depth', '0');
    expect(shallow.stdout.trim()).toBe('SCI  Faculty of Science (faculty)  [from 2001-08-01]  … 1 below');
  });

  it('creates, shows, renames and moves units by code, typing custom fields by the kind', async () => {
    const created = await steward(
      'orgs',
      'create',
      'PHYS',
      '--name',
      'Physics',
      '--kind',
      'department',
      '--parent',
      'SCI',
      '--field',
      'directory_listed=no',
      '--field',
      'phone=01509 1',
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('directory_listed: false');
    const renamed = await steward('orgs', 'rename', 'PHYS', '--name', 'Physics and Astronomy', '--reason', 'merger');
    expect(renamed.stdout).toContain('PHYS  Physics and Astronomy (department)');
    const moved = await steward('orgs', 'move', 'PHYS', '--to', 'ART');
    expect(moved.stdout).toContain('in: UNI › ART');
    const json = JSON.parse((await steward('--json', 'orgs', 'show', 'PHYS')).stdout);
    expect(json).toMatchObject({
      code: 'PHYS',
      name: 'Physics and Astronomy',
      custom: { phone: '01509 1', directory_listed: false },
    });
    const bad = await steward('orgs', 'move', 'SCI', '--to', 'CHEM');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/parentId');
    expect(bad.stderr).toContain('[cycle]');
  });

  it('ends a unit, explaining what a cascade would end before doing it', async () => {
    const chem = (await cli.t.call(cli.t.tokens.admin, { method: 'GET', url: '/orgs?code=CHEM' })).json().items[0];
    await addPerson(cli.t, 'Rosalind', 'Franklin', chem.id);
    const asked = await steward('orgs', 'end', 'SCI', '--valid-to', '2026-12-31', '--reason', 'merged into ART');
    expect(asked.code).toBe(1);
    expect(asked.stderr).toContain('CHEM  Chemistry  (until open)');
    expect(asked.stderr).toContain('Rosalind Franklin in CHEM');
    expect(asked.stderr).toContain('--cascade');
    const done = await steward(
      'orgs',
      'end',
      'SCI',
      '--valid-to',
      '2026-12-31',
      '--reason',
      'merged into ART',
      '--cascade',
    );
    expect(done.stdout).toContain('SCI ends on 2026-12-31\n  with it: 1 unit(s) and 1 affiliation(s)');
  });

  it('lists, appoints and removes officers, showing inheritance', async () => {
    const uni = (await cli.t.call(cli.t.tokens.admin, { method: 'GET', url: '/orgs?code=UNI' })).json().items[0];
    const person = await addPerson(cli.t, 'Alan', 'Turing', uni.id);
    const added = await steward(
      'orgs',
      'officers',
      'add',
      'UNI',
      '--person',
      String(person),
      '--function',
      'approver',
      '--role',
      'IT desk',
    );
    expect(added.stdout).toMatch(/appointed #\d+ {2}approver {6}Alan Turing/);
    const list = await steward('orgs', 'officers', 'list', 'ART');
    expect(list.stdout).toContain('Alan Turing (person');
    expect(list.stdout).toContain('IT desk  (inherited from UNI)');
    const id = /#(\d+)/.exec(added.stdout)![1];
    expect((await steward('orgs', 'officers', 'remove', 'UNI', id)).code).toBe(0);
    expect((await steward('orgs', 'officers', 'list', 'ART')).stdout).toContain('none');
  });

  it('lists kinds and shows one with its fields', async () => {
    expect((await steward('orgs', 'kinds', 'list')).stdout).toMatch(/tenant\s+Tenant company/);
    const tenant = await steward('orgs', 'kinds', 'show', 'tenant');
    expect(tenant.stdout).toContain('contact_email      email, required');
  });
});
