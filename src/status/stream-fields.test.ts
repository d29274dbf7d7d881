import { describe, expect, it } from 'vitest';
import {
  fieldDefinitionProblems,
  inFormOrder,
  type StreamFieldDefinition,
  storedValue,
  valueFromText,
  valueOfStored,
  valueProblem,
} from './stream-fields.ts';

const patronType: StreamFieldDefinition = {
  name: 'patron_type',
  label: 'Patron type',
  type: 'enum',
  options: ['faculty', 'staff', 'student'],
  length: 16,
  default: null,
  displayRank: 1,
};
const borrowDays: StreamFieldDefinition = {
  name: 'borrow_days',
  label: 'Borrow days',
  type: 'number',
  options: [],
  length: null,
  default: 28,
  displayRank: 2,
};

describe('stream field definitions', () => {
  it('accepts well-formed fields', () => {
    expect(fieldDefinitionProblems(patronType)).toEqual([]);
    expect(fieldDefinitionProblems(borrowDays)).toEqual([]);
    expect(fieldDefinitionProblems({ ...borrowDays, name: 'since', type: 'date', default: '2026-07-01' })).toEqual([]);
  });

  it('names each bad property and the rule', () => {
    const rules = (d: Partial<StreamFieldDefinition>) =>
      fieldDefinitionProblems({ ...patronType, ...d }, '/fields/0').map((p) => `${p.field} ${p.rule}`);
    expect(rules({ name: 'Patron Type' })).toEqual(['/fields/0/name pattern']);
    expect(rules({ options: [] })).toEqual(['/fields/0/options not-empty']);
    expect(rules({ options: ['a', 'a'] })).toEqual(['/fields/0/options/1 unique']);
    expect(rules({ options: ['a-very-long-option-name'] })).toEqual(['/fields/0/options/0 maxLength']);
    expect(rules({ default: 'alumni' })).toEqual(['/fields/0/default enum']);
    expect(rules({ type: 'number', options: ['x'], length: null })).toEqual(['/fields/0/options enum-only']);
    expect(rules({ type: 'boolean', options: [], length: 3 })).toEqual(['/fields/0/length text-only']);
    expect(rules({ label: ' ' })).toEqual(['/fields/0/label not-blank']);
  });
});

describe('stream values', () => {
  it('checks a value against its field', () => {
    expect(valueProblem(patronType, 'faculty')).toBeNull();
    expect(valueProblem(patronType, 'alumni')?.rule).toBe('enum');
    expect(valueProblem(borrowDays, 14)).toBeNull();
    expect(valueProblem(borrowDays, '14')?.rule).toBe('type');
    expect(valueProblem(borrowDays, Number.NaN)?.rule).toBe('type');
    expect(valueProblem({ type: 'boolean', options: [], length: null }, 'yes')?.rule).toBe('type');
    expect(valueProblem({ type: 'date', options: [], length: null }, '2026-02-30')?.rule).toBe('date');
    expect(valueProblem({ type: 'text', options: [], length: 3 }, 'abcd')?.rule).toBe('maxLength');
  });

  it('stores values as canonical text and reads them back typed', () => {
    expect(storedValue(28)).toBe('28');
    expect(storedValue(true)).toBe('true');
    expect(valueOfStored('number', '28')).toBe(28);
    expect(valueOfStored('boolean', 'false')).toBe(false);
    expect(valueOfStored('enum', 'faculty')).toBe('faculty');
    expect(valueFromText('number', '28')).toBe(28);
    expect(valueFromText('number', '')).toBe('');
    expect(valueFromText('boolean', 'true')).toBe(true);
    expect(valueFromText('text', '28')).toBe('28');
  });

  it('orders fields for the form by display rank, then name', () => {
    expect(
      inFormOrder([borrowDays, patronType, { ...borrowDays, name: 'a', displayRank: 2 }]).map((f) => f.name),
    ).toEqual(['patron_type', 'a', 'borrow_days']);
  });
});
