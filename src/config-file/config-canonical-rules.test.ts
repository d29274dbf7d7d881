import { describe, expect, it } from 'vitest';
import {
  canonicalApplication,
  canonicalDocument,
  canonicalTemplate,
  unappliableProblems,
} from './config-canonical-rules.ts';
import { diffConfig } from './config-diff-rules.ts';
import { CONFIG_FORMAT, type ConfigDocument, notCovered } from './config-document.ts';

const empty: ConfigDocument = {
  format: CONFIG_FORMAT,
  orgKinds: [],
  statusTypes: [],
  guestLifecycles: [],
  guestTypes: [],
  applications: [],
  mailTemplates: [],
};

describe('the written form', () => {
  it('fills an application’s defaults and sorts its lists', () => {
    expect(
      canonicalApplication({
        name: 'h',
        label: 'H',
        implications: { z: ['b', 'a'], a: [] },
        resources: [{ name: 'b', parent: 'a' }, { name: 'a' }],
        roles: [
          {
            name: 'w',
            permissions: [
              { action: 'open', resource: 'b' },
              { action: 'manage', resource: 'a', limits: [] },
            ],
          },
        ],
      }),
    ).toEqual({
      name: 'h',
      label: 'H',
      description: '',
      timeZone: 'UTC',
      implications: { a: [], z: ['a', 'b'] },
      resources: [
        { name: 'a', label: 'a', parent: null },
        { name: 'b', label: 'b', parent: 'a' },
      ],
      roles: [
        {
          name: 'w',
          label: 'w',
          description: '',
          permissions: [
            { action: 'manage', resource: 'a', limits: [] },
            { action: 'open', resource: 'b', limits: [] },
          ],
        },
      ],
    });
  });

  it('writes a blank html body as none', () => {
    expect(canonicalTemplate({ event: 'e', subject: 's', text: 't', html: '  ' }).html).toBeNull();
    expect(canonicalTemplate({ event: 'e', subject: 's', text: 't' }).html).toBeNull();
    expect(canonicalTemplate({ event: 'e', subject: 's', text: 't', html: '<p>' }).html).toBe('<p>');
  });

  it('says what it leaves out and that it holds no secrets, and sorts every section by key', () => {
    const doc = canonicalDocument({
      ...empty,
      statusTypes: [
        { name: 'b', rank: 1, category: 'x', match: { codes: ['B'] } },
        { name: 'a', rank: 2, category: 'x', match: { codes: ['A'] }, directory: 'Y' },
      ],
      guestTypes: [{ name: 'v', label: 'V', lifecycle: 'visitor' }],
    });
    expect(doc.notCovered).toEqual([...notCovered]);
    expect(doc.secrets).toMatch(/no secrets/i);
    expect(doc.statusTypes).toEqual([
      { name: 'a', rank: 2, category: 'x', cardLabel: null, directory: 'Y', description: '', match: { codes: ['A'] } },
      { name: 'b', rank: 1, category: 'x', cardLabel: null, directory: 'N', description: '', match: { codes: ['B'] } },
    ]);
    expect(doc.guestTypes[0]).toMatchObject({ name: 'v', sponsorRequired: false, retentionDays: 90 });
    expect(canonicalDocument(doc)).toEqual(doc);
  });
});

describe('unappliableProblems', () => {
  it('refuses leaving out org kinds, lifecycles and templates, and templates of unknown events', () => {
    const current = {
      ...empty,
      orgKinds: [{ kind: 'lab', label: 'Lab', fields: [] }],
      guestLifecycles: [{ name: 'visitor' }],
      mailTemplates: [{ event: 'approved', subject: 's', text: 't', html: null }],
    };
    const desired = { ...empty, mailTemplates: [{ event: 'nonsense', subject: 's', text: 't', html: null }] };
    expect(unappliableProblems(diffConfig(current, desired)).map((p) => [p.field, p.rule])).toEqual([
      ['/orgKinds', 'no-removal'],
      ['/guestLifecycles', 'no-removal'],
      ['/mailTemplates', 'no-removal'],
      ['/mailTemplates', 'known-reference'],
    ]);
    expect(unappliableProblems(diffConfig(current, current))).toEqual([]);
  });
});
