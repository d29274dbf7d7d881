import { describe, expect, it } from 'vitest';
import type { OrgKindField } from '../platform/db/schema.ts';
import { type CsvRecord, type ExistingUnit, type ImportContext, planImport } from './org-import.ts';

const kinds = new Map<string, OrgKindField[]>([
  ['university', []],
  ['faculty', []],
  [
    'department',
    [
      { name: 'phone', type: 'string' },
      { name: 'listed', type: 'boolean', default: true },
    ],
  ],
  [
    'tenant',
    [
      { name: 'contact_email', type: 'email', required: true },
      { name: 'lease_ends', type: 'date' },
    ],
  ],
]);

function unit(code: string, parentCode: string | null, extra: Partial<ExistingUnit> = {}): ExistingUnit {
  return {
    id: code.length,
    code,
    parentCode,
    kind: 'faculty',
    name: code,
    abbreviation: null,
    altNames: [],
    validFrom: null,
    validTo: null,
    custom: {},
    ...extra,
  };
}

function context(units: ExistingUnit[] = [], affiliationEnds: [string, string | null][] = []): ImportContext {
  return { kinds, units: new Map(units.map((u) => [u.code, u])), affiliationEnds: new Map(affiliationEnds) };
}

/** Splits CSV-ish text (no quoting needed in these tests) into header and numbered records. */
function csv(text: string): [string[], CsvRecord[]] {
  const [head, ...lines] = text.trim().split('\n');
  return [head.split(','), lines.map((l, i) => ({ line: i + 2, cells: l.split(',') }))];
}

const errorsOf = (plan: ReturnType<typeof planImport>) => plan.errors.map((e) => `${e.line} ${e.field} ${e.rule}`);

describe('planning an org import', () => {
  it('creates children listed before their parents, and applies kind defaults', () => {
    const plan = planImport(
      ...csv(`code,parent_code,kind,name,custom.phone
CHEM,SCI,department,Chemistry,555
SCI,UNI,faculty,Science,
UNI,,university,University,`),
      context(),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.units.map((u) => [u.code, u.action])).toEqual([
      ['CHEM', 'create'],
      ['SCI', 'create'],
      ['UNI', 'create'],
    ]);
    expect(plan.units[0].final.custom).toEqual({ phone: '555', listed: true });
  });

  it('reports bad lines by line, field and rule and keeps the good ones', () => {
    const plan = planImport(
      ...csv(`code,parent_code,kind,name,valid_from,valid_to,custom.contact_email
,UNI,faculty,No code,,,
ACME,UNI,tenant,Acme Ltd,2026-01-01,2025-12-31,not-an-email
BAD,UNI,spaceship,Bad kind,,,
WHEN,UNI,faculty,When,2026-02-30,,
ORPHAN,NOWHERE,faculty,Orphan,,,
OK,UNI,faculty,Fine,,,
OK,UNI,faculty,Fine again,,,
NOMAIL,UNI,tenant,No mail,,,`),
      context([unit('UNI', null, { kind: 'university' })]),
    );
    expect(errorsOf(plan)).toEqual([
      '2 code required',
      '3 valid_to after-valid-from',
      '4 kind exists',
      '5 valid_from format:date',
      '6 parent_code exists',
      '8 code unique-in-file',
      '9 custom.contact_email required',
    ]);
    expect(plan.units.map((u) => u.code)).toEqual(['OK']);
    expect(plan.failed).toBe(7);
    expect(plan.rows).toBe(8);
  });

  it('checks custom values against the kind when the other fields are fine', () => {
    const plan = planImport(
      ...csv(`code,parent_code,kind,name,custom.contact_email,custom.lease_ends,custom.phone
ACME,UNI,tenant,Acme,ceo@acme,2027-01-01,
DEPT,UNI,department,Dept,,,12
T2,UNI,tenant,T2,x@y.example,soon,`),
      context([unit('UNI', null)]),
    );
    expect(errorsOf(plan)).toEqual(['2 custom.contact_email format:email', '4 custom.lease_ends format:date']);
  });

  it('refuses a file whose header lacks required columns or has unknown ones', () => {
    const plan = planImport(
      ...csv(`code,kind,nmae
A,faculty,A`),
      context(),
    );
    expect(errorsOf(plan)).toEqual(['1 nmae unknown-column', '1 name required-column']);
    expect(plan.failed).toBe(1);
    expect(plan.units).toEqual([]);
  });

  it('fails lines whose parent failed, and lines that would form a cycle, within the file or with existing units', () => {
    const plan = planImport(
      ...csv(`code,parent_code,kind,name
A,B,faculty,A
B,A,faculty,B
KID,BROKEN,faculty,Kid
BROKEN,UNI,spaceship,Broken
UNI,X,university,University`),
      context([unit('UNI', null), unit('X', 'UNI')]),
    );
    expect(errorsOf(plan)).toEqual([
      '2 parent_code cycle',
      '3 parent_code cycle',
      '4 parent_code parent-failed',
      '5 kind exists',
      '6 parent_code cycle',
    ]);
  });

  it('accepts turning the tree over when the file sets both ends of the move', () => {
    const plan = planImport(
      ...csv(`code,parent_code,kind,name
UNI,X,university,UNI
X,,faculty,X`),
      context([unit('UNI', null), unit('X', 'UNI')]),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.units.map((u) => u.action)).toEqual(['update', 'update']);
  });

  it('counts lines equal to what exists as unchanged, and columns left out keep their values', () => {
    const existing = [
      unit('UNI', null, { kind: 'university', name: 'University', abbreviation: 'U' }),
      unit('SCI', 'UNI', { name: 'Science', altNames: ['Natural Sciences'] }),
    ];
    const plan = planImport(
      ...csv(`code,parent_code,kind,name
UNI,,university,University
SCI,UNI,faculty,Sciences`),
      context(existing),
    );
    expect(plan.units.map((u) => [u.code, u.action])).toEqual([
      ['UNI', 'unchanged'],
      ['SCI', 'update'],
    ]);
    expect(plan.units[1].final).toMatchObject({ name: 'Sciences', abbreviation: null, altNames: ['Natural Sciences'] });
  });

  it('refuses to end a unit while units or affiliations below it live on, unless they end in the same file', () => {
    const existing = [unit('UNI', null), unit('SCI', 'UNI'), unit('CHEM', 'SCI'), unit('ART', 'UNI')];
    const ends: [string, string | null][] = [['ART', '2026-12-31']];
    const plan = planImport(
      ...csv(`code,parent_code,kind,name,valid_to
SCI,UNI,faculty,SCI,2026-06-30
ART,UNI,faculty,ART,2026-06-30`),
      context(existing, ends),
    );
    expect(errorsOf(plan)).toEqual(['2 valid_to cascade-required', '3 valid_to cascade-required']);
    const together = planImport(
      ...csv(`code,parent_code,kind,name,valid_to
SCI,UNI,faculty,SCI,2026-06-30
CHEM,SCI,faculty,CHEM,2026-06-30`),
      context(existing, ends),
    );
    expect(together.errors).toEqual([]);
    expect(together.units.map((u) => u.action)).toEqual(['update', 'update']);
  });
});
