import { describe, expect, it } from 'vitest';
import { documentProblems, parentsFirst } from './config-check-rules.ts';
import { CONFIG_FORMAT } from './config-document.ts';

const base = {
  format: CONFIG_FORMAT,
  orgKinds: [],
  statusTypes: [],
  guestLifecycles: [{ name: 'visitor' }],
  guestTypes: [],
  applications: [],
  mailTemplates: [],
};
const app = (resources: { name: string; parent: string | null }[], roles: unknown[] = []) => ({
  ...base,
  applications: [{ name: 'housing', label: 'Housing', resources, roles }],
});

describe('documentProblems', () => {
  it('accepts a document whose references resolve', () => {
    expect(documentProblems(base)).toEqual([]);
    expect(
      documentProblems({
        ...app(
          [
            { name: 'campus', parent: null },
            { name: 'dorm', parent: 'campus' },
          ],
          [{ name: 'warden', permissions: [{ action: 'open', resource: 'dorm' }] }],
        ),
        guestTypes: [{ name: 'visitor', label: 'Visitor', lifecycle: 'visitor' }],
      }),
    ).toEqual([]);
  });

  it('refuses an unknown format, section or field, naming its path', () => {
    expect(documentProblems({ ...base, format: 'other' })[0].field).toBe('/format');
    expect(documentProblems({ ...base, calendars: [] }).map((p) => p.rule)).toContain('unknown-field');
    expect(documentProblems(null)).not.toEqual([]);
  });

  it('names a guest type whose lifecycle the document does not hold', () => {
    expect(documentProblems({ ...base, guestTypes: [{ name: 'x', label: 'X', lifecycle: 'nowhere' }] })).toEqual([
      {
        field: '/guestTypes/0/lifecycle',
        rule: 'known-reference',
        message: 'there is no lifecycle nowhere in /guestLifecycles',
      },
    ]);
  });

  it('names two items with one key (ignoring case) and an item without its key', () => {
    const problems = documentProblems({
      ...base,
      statusTypes: [{ name: 'Staff' }, { name: 'staff' }, { rank: 1 }],
    });
    expect(problems).toEqual([
      { field: '/statusTypes/1/name', rule: 'unique', message: 'staff is also /statusTypes/0' },
      { field: '/statusTypes/2/name', rule: 'required', message: 'each item needs a name' },
    ]);
  });

  it('names a resource parent or permission resource that does not exist', () => {
    const problems = documentProblems(
      app([{ name: 'dorm', parent: 'campus' }], [{ name: 'w', permissions: [{ action: 'open', resource: 'attic' }] }]),
    );
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['/applications/0/resources/0/parent', 'known-reference'],
      ['/applications/0/roles/0/permissions/0/resource', 'known-reference'],
    ]);
  });

  it('names a cycle of parents once, with its chain', () => {
    const problems = documentProblems(
      app([
        { name: 'root', parent: null },
        { name: 'a', parent: 'c' },
        { name: 'b', parent: 'a' },
        { name: 'c', parent: 'b' },
        { name: 'self', parent: 'self' },
      ]),
    );
    expect(problems).toEqual([
      {
        field: '/applications/0/resources/1/parent',
        rule: 'no-cycle',
        message: 'the parents form a cycle: a → c → b → a',
      },
      {
        field: '/applications/0/resources/4/parent',
        rule: 'no-cycle',
        message: 'the parents form a cycle: self → self',
      },
    ]);
  });

  it('names a resource or role listed twice', () => {
    const problems = documentProblems(
      app(
        [
          { name: 'a', parent: null },
          { name: 'a', parent: null },
        ],
        [{ name: 'r' }, { name: 'r' }],
      ),
    );
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['/applications/0/resources/1/name', 'unique'],
      ['/applications/0/roles/1/name', 'unique'],
    ]);
  });
});

describe('parentsFirst', () => {
  it('orders a tree so every parent comes before its children, each level by name', () => {
    const order = parentsFirst([
      { name: 'dorm-b', parent: 'quad' },
      { name: 'quad', parent: 'campus' },
      { name: 'dorm-a', parent: 'quad' },
      { name: 'campus', parent: null },
      { name: 'annex', parent: null },
    ]).map((r) => r.name);
    expect(order).toEqual(['annex', 'campus', 'quad', 'dorm-a', 'dorm-b']);
  });
});
