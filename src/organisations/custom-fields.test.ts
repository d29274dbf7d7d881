import { describe, expect, it } from 'vitest';
import type { OrgKindField } from '../platform/db/schema.ts';
import { kindFieldProblems, requiredFields, resolveCustom, valueFromText } from './custom-fields.ts';

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

describe('custom values at their edges', () => {
  const value = (field: OrgKindField, v: unknown) =>
    rules(resolveCustom([{ ...field, name: 'f' }], {}, { f: v }).problems);

  it('checks each type: text up to 1000 characters, whole and any numbers, addresses, enum options, no extra fields', () => {
    expect(value({ name: 'f', type: 'string' }, 'x'.repeat(1000))).toEqual([]);
    expect(value({ name: 'f', type: 'string' }, 'x'.repeat(1001))).toEqual(['/custom/f maxLength']);
    expect(value({ name: 'f', type: 'integer' }, 2.5)).toEqual(['/custom/f type']);
    expect(value({ name: 'f', type: 'integer' }, '2')).toEqual(['/custom/f type']);
    expect(value({ name: 'f', type: 'number' }, 2.5)).toEqual([]);
    expect(value({ name: 'f', type: 'number' }, 'many')).toEqual(['/custom/f type']);
    expect(value({ name: 'f', type: 'email' }, 'nobody')).toEqual(['/custom/f format:email']);
    expect(value({ name: 'f', type: 'enum', options: ['a'] }, 'b')).toEqual(['/custom/f enum']);
    expect(value({ name: 'f', type: 'enum', options: ['a'] }, 7)).not.toEqual([]);
    // A stored value of a field the kind dropped is forgotten, not refused; a stored null is no value.
    const r = resolveCustom(tenant, { contact_email: 'a@b.example', old: 1, contact_name: null }, {});
    expect(r).toEqual({ values: { contact_email: 'a@b.example', max_cards: 10, on_campus: true }, problems: [] });
    expect(requiredFields(tenant).map((f) => f.name)).toEqual(['contact_email']);
  });

  it('keeps a stored value over the default, a patched value over the stored one, and reports unknown fields alone', () => {
    const r = resolveCustom(tenant, { contact_email: 'a@b.example', max_cards: 3 }, { max_cards: 4, on_campus: false });
    expect(r.values).toEqual({ contact_email: 'a@b.example', max_cards: 4, on_campus: false });
    expect(
      resolveCustom(tenant, { contact_email: 'a@b.example', max_cards: 3 }, { max_cards: undefined }).values,
    ).toEqual({
      contact_email: 'a@b.example',
      max_cards: 10,
      on_campus: true,
    });
    // An unknown field is named by itself: the missing required address is not judged yet.
    expect(resolveCustom(tenant, {}, { shoe: 44 }).problems).toEqual([
      { field: '/custom/shoe', rule: 'unknown-field', message: 'is not a field of this kind' },
    ]);
  });

  it('reads text strictly: whole cells only, numbers only when finite', () => {
    const integer: OrgKindField = { name: 'n', type: 'integer' };
    const number: OrgKindField = { name: 'n', type: 'number' };
    const yesNo: OrgKindField = { name: 'b', type: 'boolean' };
    expect(['12a', 'a12', '-3'].map((t) => valueFromText(integer, t))).toEqual(['12a', 'a12', -3]);
    expect(['Infinity', '1e3', 'ten'].map((t) => valueFromText(number, t))).toEqual(['Infinity', 1000, 'ten']);
    expect(['yes', 'Y', '1', 'TRUE', 'yesterday', 'ayes'].map((t) => valueFromText(yesNo, t))).toEqual([
      true,
      true,
      true,
      true,
      'yesterday',
      'ayes',
    ]);
    expect(['no', 'N', '0', 'False', 'none', 'piano'].map((t) => valueFromText(yesNo, t))).toEqual([
      false,
      false,
      false,
      false,
      'none',
      'piano',
    ]);
    expect(valueFromText({ name: 's', type: 'string' }, ' 1 ')).toBe('1');
    expect(valueFromText({ name: 's', type: 'date' }, 'no')).toBe('no');
  });

  it("words the field list's problems", () => {
    const problems = kindFieldProblems([
      { name: 'Bad-Name', type: 'string' },
      { name: 'a_b', type: 'colour' as OrgKindField['type'] },
      { name: 'a_b', type: 'enum' },
      { name: 'c', type: 'string', options: ['x'] },
      { name: 'd', type: 'integer', default: 'ten' },
      { name: 'e'.repeat(64), type: 'string' },
    ]);
    expect(problems).toEqual([
      {
        field: '/fields/0/name',
        rule: 'pattern',
        message: 'must be lowercase letters, digits and underscores, starting with a letter',
      },
      {
        field: '/fields/1/type',
        rule: 'enum',
        message: 'must be one of string, integer, number, boolean, date, email, enum',
      },
      { field: '/fields/2/name', rule: 'unique', message: 'a_b is defined twice' },
      { field: '/fields/2/options', rule: 'required-for-enum', message: 'an enum field needs at least one option' },
      { field: '/fields/3/options', rule: 'only-for-enum', message: 'options are only for enum fields' },
      { field: '/fields/4/default', rule: 'type', message: expect.stringMatching(/^the default /) },
      {
        field: '/fields/5/name',
        rule: 'pattern',
        message: 'must be lowercase letters, digits and underscores, starting with a letter',
      },
    ]);
    expect(kindFieldProblems([{ name: 'e'.repeat(63), type: 'string', default: null }])).toEqual([]);
  });
});
