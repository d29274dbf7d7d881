import { describe, expect, it } from 'vitest';
import type { OrgKindField } from '../platform/db/schema.ts';
import { kindFieldProblems, resolveCustom, valueFromText } from './custom-fields.ts';

const tenant: OrgKindField[] = [
  { name: 'contact_name', type: 'string' },
  { name: 'contact_email', type: 'email', required: true },
  { name: 'lease_ends', type: 'date' },
  { name: 'max_cards', type: 'integer', default: 10 },
  { name: 'sector', type: 'enum', options: ['biotech', 'software'] },
  { name: 'on_campus', type: 'boolean', default: true },
];

const rules = (problems: { field: string; rule: string }[]) => problems.map((p) => `${p.field} ${p.rule}`);

describe("custom values against a kind's schema", () => {
  it('fills in defaults and accepts valid values', () => {
    const r = resolveCustom(
      tenant,
      {},
      { contact_email: 'boss@acme.example', lease_ends: '2028-03-31', sector: 'biotech' },
    );
    expect(r.problems).toEqual([]);
    expect(r.values).toEqual({
      contact_email: 'boss@acme.example',
      lease_ends: '2028-03-31',
      sector: 'biotech',
      max_cards: 10,
      on_campus: true,
    });
  });

  it('names each field and the rule it broke', () => {
    const r = resolveCustom(
      tenant,
      {},
      { contact_email: 'not an address', lease_ends: '2028-02-30', max_cards: 2.5, sector: 'mining' },
    );
    expect(rules(r.problems)).toEqual(
      expect.arrayContaining([
        '/custom/contact_email format:email',
        '/custom/lease_ends date-range',
        '/custom/max_cards type',
        '/custom/sector enum',
      ]),
    );
  });

  it('requires required fields and refuses fields the kind does not have', () => {
    expect(rules(resolveCustom(tenant, {}, {}).problems)).toEqual(['/custom/contact_email required']);
    expect(rules(resolveCustom(tenant, {}, { contact_email: 'a@b.example', shoe_size: 44 }).problems)).toEqual([
      '/custom/shoe_size unknown-field',
    ]);
  });

  it('merges a patch into stored values, clears with null, and forgets fields the kind dropped', () => {
    const stored = { contact_email: 'a@b.example', contact_name: 'Ann', retired_field: 'x', max_cards: 3 };
    const r = resolveCustom(tenant, stored, { contact_name: null, lease_ends: '2030-01-01' });
    expect(r.problems).toEqual([]);
    expect(r.values).toEqual({ contact_email: 'a@b.example', max_cards: 3, lease_ends: '2030-01-01', on_campus: true });
  });

  it('reads typed values from text cells', () => {
    expect(valueFromText({ name: 'n', type: 'integer' }, ' 12 ')).toBe(12);
    expect(valueFromText({ name: 'n', type: 'integer' }, 'twelve')).toBe('twelve');
    expect(valueFromText({ name: 'n', type: 'number' }, '2.5')).toBe(2.5);
    expect(valueFromText({ name: 'b', type: 'boolean' }, 'Yes')).toBe(true);
    expect(valueFromText({ name: 'b', type: 'boolean' }, 'no')).toBe(false);
    expect(valueFromText({ name: 's', type: 'string' }, '')).toBeNull();
  });
});

describe("a kind's field list", () => {
  it('is fine when well formed', () => {
    expect(kindFieldProblems(tenant)).toEqual([]);
  });

  it('refuses bad names, repeated names, enums without options, options on non-enums and defaults of the wrong type', () => {
    const problems = kindFieldProblems([
      { name: 'Bad Name', type: 'string' },
      { name: 'phone', type: 'string' },
      { name: 'phone', type: 'string' },
      { name: 'level', type: 'enum' },
      { name: 'size', type: 'integer', options: ['a'] },
      { name: 'opened', type: 'date', default: 'yesterday' },
    ]);
    expect(rules(problems)).toEqual([
      '/fields/0/name pattern',
      '/fields/2/name unique',
      '/fields/3/options required-for-enum',
      '/fields/4/options only-for-enum',
      '/fields/5/default format:date',
    ]);
  });

  it('reports an enum without options that has a default as one problem, not a schema that cannot compile', () => {
    expect(rules(kindFieldProblems([{ name: 'level', type: 'enum', default: false as never }]))).toEqual([
      '/fields/0/options required-for-enum',
    ]);
    expect(rules(kindFieldProblems([{ name: 'level', type: 'enum', options: [], default: 'a' }]))).toEqual([
      '/fields/0/options required-for-enum',
    ]);
  });
});
