import { describe, expect, it } from 'vitest';
import type { StreamField, StreamValues } from '../../web/src/api/stream-types.ts';
import { changedValues, draftsOf, valueOfDraft } from '../../web/src/streams/value-drafts.ts';

const fields: StreamField[] = [
  {
    name: 'patron_type',
    label: 'Patron type',
    type: 'enum',
    options: ['faculty', 'staff'],
    length: null,
    default: null,
    displayRank: 1,
    version: 1,
  },
  {
    name: 'borrow_days',
    label: 'Borrow days',
    type: 'number',
    options: [],
    length: null,
    default: 28,
    displayRank: 2,
    version: 1,
  },
];
const values: StreamValues = {
  stream: 'library',
  label: 'Library',
  accessRole: 'library',
  version: 3,
  fields,
  abilities: { setValues: true },
  rows: [
    {
      statusTypeId: 1,
      statusType: 'Faculty',
      rank: 900,
      values: { patron_type: 'faculty', borrow_days: 120 },
      set: ['patron_type', 'borrow_days'],
    },
    { statusTypeId: 2, statusType: 'Staff', rank: 700, values: { patron_type: null, borrow_days: 28 }, set: [] },
  ],
};

describe("the generated form's drafts", () => {
  it('shows set values as text and defaults as empty cells', () => {
    expect(draftsOf(values)).toEqual({
      1: { patron_type: 'faculty', borrow_days: '120' },
      2: { patron_type: '', borrow_days: '' },
    });
  });

  it('sends only changed cells, typed, with an emptied cell as null', () => {
    const before = draftsOf(values);
    const after = { 1: { patron_type: 'faculty', borrow_days: '' }, 2: { patron_type: 'staff', borrow_days: '' } };
    expect(changedValues(fields, before, after)).toEqual({ 1: { borrow_days: null }, 2: { patron_type: 'staff' } });
    expect(valueOfDraft({ type: 'number' }, 'lots')).toBe('lots');
    expect(valueOfDraft({ type: 'boolean' }, 'true')).toBe(true);
  });
});
