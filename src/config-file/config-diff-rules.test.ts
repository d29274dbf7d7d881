import { describe, expect, it } from 'vitest';
import { diffConfig, diffCounts, diffSection, fieldChanges, sameValue } from './config-diff-rules.ts';
import { CONFIG_FORMAT, type ConfigDocument } from './config-document.ts';

const empty: ConfigDocument = {
  format: CONFIG_FORMAT,
  orgKinds: [],
  statusTypes: [],
  guestLifecycles: [],
  guestTypes: [],
  applications: [],
  mailTemplates: [],
};

describe('sameValue', () => {
  it('ignores the order of object keys but not of list items', () => {
    expect(sameValue({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameValue([1], [1, 2])).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });
});

describe('fieldChanges', () => {
  it('names each changed field by its path, before and after', () => {
    expect(fieldChanges({ rank: 1, match: { codes: ['A'] } }, { rank: 2, match: { codes: ['A', 'B'] } })).toEqual([
      { field: '/match/codes', before: ['A'], after: ['A', 'B'] },
      { field: '/rank', before: 1, after: 2 },
    ]);
  });
  it('goes into lists of named items by name, naming added and removed ones', () => {
    const before = { roles: [{ name: 'reader', label: 'R' }, { name: 'gone' }] };
    const after = { roles: [{ name: 'reader', label: 'Reader' }, { name: 'new' }] };
    expect(fieldChanges(before, after)).toEqual([
      { field: '/roles/gone', before: { name: 'gone' } },
      { field: '/roles/new', after: { name: 'new' } },
      { field: '/roles/reader/label', before: 'R', after: 'Reader' },
    ]);
  });
  it('compares other lists as a whole, and a field that appears or goes', () => {
    expect(fieldChanges({ a: [{ x: 1 }] }, { a: [{ x: 2 }] })).toEqual([
      { field: '/a', before: [{ x: 1 }], after: [{ x: 2 }] },
    ]);
    expect(fieldChanges({}, { html: 'x' })).toEqual([{ field: '/html', after: 'x' }]);
    expect(fieldChanges(1, 2)).toEqual([{ field: '/', before: 1, after: 2 }]);
    expect(fieldChanges({ a: 1 }, { a: 1 })).toEqual([]);
  });
});

describe('diffSection', () => {
  it('matches items by their natural key: added, changed with fields, removed, each sorted', () => {
    const current = [
      { name: 'b', rank: 1 },
      { name: 'a', rank: 1 },
      { name: 'gone', rank: 5 },
    ];
    const desired = [
      { name: 'new', rank: 3 },
      { name: 'b', rank: 2 },
      { name: 'a', rank: 1 },
      { name: 'c', rank: 1 },
    ];
    expect(diffSection('name', current, desired)).toEqual({
      added: ['c', 'new'],
      changed: [{ key: 'b', fields: [{ field: '/rank', before: 1, after: 2 }] }],
      removed: ['gone'],
    });
  });
});

describe('diffConfig', () => {
  it('is empty for the same document and counts what differs', () => {
    const doc = { ...empty, orgKinds: [{ kind: 'lab', label: 'Lab', fields: [] }] };
    const same = diffConfig(doc, doc);
    expect(diffCounts(same)).toEqual({ added: 0, changed: 0, removed: 0 });
    const edited = diffConfig(doc, {
      ...empty,
      orgKinds: [{ kind: 'lab', label: 'Laboratory', fields: [] }],
      mailTemplates: [{ event: 'x', subject: 's', text: 't', html: null }],
    });
    expect(edited.orgKinds.changed).toEqual([
      { key: 'lab', fields: [{ field: '/label', before: 'Lab', after: 'Laboratory' }] },
    ]);
    expect(edited.mailTemplates.added).toEqual(['x']);
    expect(diffCounts(edited)).toEqual({ added: 1, changed: 1, removed: 0 });
    expect(diffCounts(diffConfig(edited.orgKinds.changed.length ? doc : empty, empty))).toEqual({
      added: 0,
      changed: 0,
      removed: 1,
    });
  });
});
