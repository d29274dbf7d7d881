import { describe, expect, it } from 'vitest';
import { grantedByOf } from './access-index.ts';
import { unknownName } from './decide.ts';
import { whatCan, whoCan } from './queries.ts';
import { ask, at, world } from './decide-fixtures.ts';

describe('the decision point', () => {
  it('grants the children of a granted resource and the actions an action implies', () => {
    const index = world();
    index.putAssignment({
      id: 1,
      roleId: 2,
      subjectType: 'person',
      subjectId: 7,
      scopeKind: 'everywhere',
      orgId: null,
      affiliationKind: null,
      from: null,
      until: null,
      limits: [],
    });
    const d = ask(index, 7, 'steiner', '2026-09-01T23:30', 'enter');
    expect(d.decision).toBe('allow');
    expect(d.reasons.map((r) => r.step)).toEqual(['assignment', 'role', 'permission', 'resource', 'implied-action']);
    expect(ask(index, 7, 'other', '2026-09-01T12:00').decision).toBe('deny');
    expect(ask(index, 7, 'quad2', '2026-09-01T12:00', 'admin').decision).toBe('deny');
  });

  it('applies time windows in the application zone and says which limit failed', () => {
    const index = world();
    index.putAssignment({
      id: 1,
      roleId: 1,
      subjectType: 'person',
      subjectId: 7,
      scopeKind: 'everywhere',
      orgId: null,
      affiliationKind: null,
      from: null,
      until: null,
      limits: [],
    });
    expect(ask(index, 7, 'steiner', '2026-09-01T21:59').decision).toBe('allow');
    const late = ask(index, 7, 'steiner', '2026-09-01T22:10');
    expect(late.decision).toBe('deny');
    expect(late.reasons[0]).toMatchObject({ step: 'limit' });
    expect(late.reasons[0].text).toContain('22:10 America/New_York');
  });

  it('counts an assignment only inside its dates and its scope subtree', () => {
    const index = world();
    const from = at('2026-09-01T00:00').getTime();
    index.putAssignment({
      id: 1,
      roleId: 2,
      subjectType: 'person',
      subjectId: 7,
      scopeKind: 'org',
      orgId: 2,
      affiliationKind: null,
      from,
      until: from + 7 * 86_400_000,
      limits: [],
    });
    expect(ask(index, 7, 'steiner', '2026-09-03T12:00', 'open', 2).decision).toBe('allow');
    expect(ask(index, 7, 'steiner', '2026-09-03T12:00', 'open', 3).decision).toBe('deny');
    expect(ask(index, 7, 'steiner', '2026-09-03T12:00', 'open', 1).decision).toBe('deny');
    const after = ask(index, 7, 'steiner', '2026-09-08T00:00', 'open', 2);
    expect(after.decision).toBe('deny');
    expect(after.reasons[0].step).toBe('dates');
  });

  it("follows the person's current affiliations for an affiliation scope", () => {
    const index = world();
    index.putAssignment({
      id: 1,
      roleId: 2,
      subjectType: 'person',
      subjectId: 7,
      scopeKind: 'affiliation',
      orgId: null,
      affiliationKind: 'student',
      from: null,
      until: null,
      limits: [],
    });
    index.putAffiliations(7, [
      { orgId: 2, kind: 'student', validFrom: null, validTo: '2026-09-10' },
      { orgId: 3, kind: 'student', validFrom: '2026-09-11', validTo: null },
    ]);
    expect(ask(index, 7, 'steiner', '2026-09-05T12:00', 'open', 2).decision).toBe('allow');
    expect(ask(index, 7, 'steiner', '2026-09-05T12:00', 'open', 3).decision).toBe('deny');
    expect(ask(index, 7, 'steiner', '2026-09-12T12:00', 'open', 2).decision).toBe('deny');
    expect(ask(index, 7, 'steiner', '2026-09-12T12:00', 'open', 3).decision).toBe('allow');
  });

  it('grants through a group membership inside its interval, and who-can / what-can agree', () => {
    const index = world();
    index.putAssignment({
      id: 1,
      roleId: 2,
      subjectType: 'group',
      subjectId: 50,
      scopeKind: 'everywhere',
      orgId: null,
      affiliationKind: null,
      from: null,
      until: null,
      limits: [],
    });
    const until = at('2026-09-10T00:00').getTime();
    index.putGroupMembers(
      [50],
      [
        { groupId: 50, personId: 7, from: null, until },
        { groupId: 50, personId: 8, from: null, until: null },
      ],
    );
    const d = ask(index, 7, 'steiner', '2026-09-05T12:00');
    expect(d.decision).toBe('allow');
    expect(d.reasons[0]).toEqual({ step: 'group', id: 50, text: 'effective member of group 50' });
    expect(ask(index, 7, 'steiner', '2026-09-10T12:00').decision).toBe('deny');
    expect(
      whoCan(index, {
        application: 'doors',
        action: 'enter',
        resource: 'steiner',
        at: at('2026-09-10T12:00'),
      }).people.map((p) => p.personId),
    ).toEqual([8]);
    const what = whatCan(index, { type: 'person', id: 8 }, { at: at('2026-09-10T12:00') });
    expect(what).toHaveLength(1);
    expect(what[0]).toMatchObject({
      role: 'ra',
      action: 'open',
      implied: ['enter'],
      resource: 'quad2',
      covers: ['steiner'],
    });
    index.putMemberships([{ groupId: 50, personId: 8 }], []);
    expect(ask(index, 8, 'steiner', '2026-09-10T12:00').decision).toBe('deny');
  });

  it('closes implications transitively', () => {
    expect(
      grantedByOf({ admin: ['open'], open: ['enter'] })
        .get('enter')!
        .sort(),
    ).toEqual(['admin', 'enter', 'open']);
  });

  it('names the first unknown name: application, resource, action (permissions and implications make it known)', () => {
    const index = world();
    const ask = (application: string, resource: string, action: string) =>
      unknownName(index, { application, resource, action })?.message ?? null;
    expect(ask('doorz', 'steiner', 'open')).toBe('no application doorz');
    expect(ask('doors', 'stiener', 'open')).toBe('no resource stiener in doors');
    expect(ask('doors', 'steiner', 'lock')).toBe('no action lock in doors');
    expect(ask('doors', 'steiner', 'enter')).toBeNull();
    index.putApp({ id: 2, name: 'wiki', timeZone: 'UTC', implications: {} });
    index.putResource({ id: 20, appId: 2, name: 'pages', parentId: null });
    expect(ask('wiki', 'pages', 'edit')).toBe('no action edit in wiki');
    index.putRole({ id: 3, appId: 2, name: 'editor' }, [
      { id: 3, roleId: 3, action: 'edit', resourceId: 20, limits: [] },
    ]);
    expect(ask('wiki', 'pages', 'edit')).toBeNull();
    index.putRole({ id: 3, appId: 2, name: 'editor' }, [
      { id: 3, roleId: 3, action: 'write', resourceId: 20, limits: [] },
    ]);
    expect(ask('wiki', 'pages', 'edit')).toBe('no action edit in wiki');
    index.removeRole(3);
    expect(ask('wiki', 'pages', 'write')).toBe('no action write in wiki');
  });
});
