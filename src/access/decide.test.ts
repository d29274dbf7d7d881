import { describe, expect, it } from 'vitest';
import { AccessIndex, grantedByOf } from './access-index.ts';
import { check, unknownName } from './decide.ts';
import { whatCan, whoCan } from './queries.ts';

/** A small index by hand: doors with a quad of dorms, a uni with two departments. */
function world() {
  const index = new AccessIndex();
  index.putOrgs(
    [
      { id: 1, path: '/1/', code: 'UNI' },
      { id: 2, path: '/1/2/', code: 'CHEM' },
      { id: 3, path: '/1/3/', code: 'PHYS' },
    ],
    true,
  );
  index.putApp({
    id: 1,
    name: 'doors',
    timeZone: 'America/New_York',
    implications: { admin: ['open'], open: ['enter'] },
  });
  index.putResource({ id: 10, appId: 1, name: 'dorms', parentId: null });
  index.putResource({ id: 11, appId: 1, name: 'quad2', parentId: 10 });
  index.putResource({ id: 12, appId: 1, name: 'steiner', parentId: 11 });
  index.putResource({ id: 13, appId: 1, name: 'other', parentId: 10 });
  index.putRole({ id: 1, appId: 1, name: 'resident' }, [
    { id: 1, roleId: 1, action: 'open', resourceId: 10, limits: [{ kind: 'time-window', from: '08:00', to: '22:00' }] },
  ]);
  index.putRole({ id: 2, appId: 1, name: 'ra' }, [{ id: 2, roleId: 2, action: 'open', resourceId: 11, limits: [] }]);
  return index;
}
const at = (local: string) => new Date(`${local}-04:00`);
const ask = (
  index: AccessIndex,
  personId: number,
  resource: string,
  when: string,
  action = 'open',
  scope: number | null = null,
) =>
  check(index, {
    subject: { type: 'person', id: personId },
    application: 'doors',
    action,
    resource,
    scope,
    at: at(when),
  });

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

/** An assignment of person 7 (or another subject) with the given scope and dates, no limits. */
const assignment = (id: number, roleId: number, over: Partial<Parameters<AccessIndex['putAssignment']>[0]> = {}) => ({
  id,
  roleId,
  subjectType: 'person' as const,
  subjectId: 7,
  scopeKind: 'everywhere' as const,
  orgId: null,
  affiliationKind: null,
  from: null,
  until: null,
  limits: [],
  ...over,
});

describe('the reasons a decision gives', () => {
  it('explains an allow: the assignment with its unit and dates, the role, the permission, the containing resource, the implied action and the limits held', () => {
    const index = world();
    index.putOrgs([{ id: 4, path: '/1/2/4/', code: 'LAB' }], false);
    const from = Date.parse('2026-09-01T00:00:00Z');
    const until = Date.parse('2026-10-01T00:00:00Z');
    index.putAssignment(assignment(1, 1, { scopeKind: 'org', orgId: 2, from, until }));
    const d = ask(index, 7, 'steiner', '2026-09-05T12:00', 'enter', 4);
    expect(d).toEqual({
      decision: 'allow',
      reasons: [
        {
          step: 'assignment',
          id: 1,
          text: 'assignment 1 of role resident, in CHEM (which contains the asked unit), from 2026-09-01T00:00:00.000Z until 2026-10-01T00:00:00.000Z',
        },
        { step: 'role', id: 1, text: 'role resident' },
        { step: 'permission', id: 1, text: 'permission open on dorms' },
        { step: 'resource', id: 10, text: 'dorms contains steiner' },
        { step: 'implied-action', text: 'open implies enter' },
        { step: 'limit', text: 'between 08:00 and 22:00: holds at Sat 2026-09-05 12:00 America/New_York' },
      ],
    });
    // Asked in the assignment's own unit, or in none: no containment is claimed; an open start or end is not shown.
    index.putAssignment(assignment(1, 2, { scopeKind: 'org', orgId: 2, until }));
    expect(ask(index, 7, 'quad2', '2026-09-05T12:00', 'open', 2).reasons).toEqual([
      { step: 'assignment', id: 1, text: 'assignment 1 of role ra, in CHEM, until 2026-10-01T00:00:00.000Z' },
      { step: 'role', id: 2, text: 'role ra' },
      { step: 'permission', id: 2, text: 'permission open on quad2' },
    ]);
    index.putAssignment(assignment(1, 2, { from }));
    expect(ask(index, 7, 'quad2', '2026-09-05T12:00').reasons[0].text).toBe(
      'assignment 1 of role ra, everywhere, from 2026-09-01T00:00:00.000Z',
    );
  });

  it('explains a deny by every assignment that missed, and why', () => {
    const index = world();
    const from = Date.parse('2026-09-10T00:00:00Z');
    index.putAssignment(assignment(1, 2, { scopeKind: 'org', orgId: 3 }));
    index.putAssignment(assignment(2, 2, { from }));
    index.putAssignment(assignment(3, 1));
    index.putAssignment(assignment(4, 2, { subjectType: 'group', subjectId: 50 }));
    index.putGroupMembers([50], [{ groupId: 50, personId: 7, from, until: null }]);
    const d = ask(index, 7, 'steiner', '2026-09-05T12:00', 'admin', 2);
    expect(d.decision).toBe('deny');
    expect(d.reasons).toEqual(
      expect.arrayContaining([
        { step: 'scope', id: 1, text: 'assignment 1: PHYS does not contain the asked unit' },
        { step: 'dates', id: 2, text: 'assignment 2 of role ra counts only, from 2026-09-10T00:00:00.000Z' },
        { step: 'role', id: 1, text: 'role resident (assignment 3) grants no admin on steiner or above it' },
        { step: 'group', id: 50, text: 'membership of group 50 does not count at 2026-09-05T16:00:00.000Z' },
      ]),
    );
    expect(d.reasons).toHaveLength(4);
  });

  it('says plainly when the subject holds no role, or the application, resource or unit is unknown', () => {
    const index = world();
    const none = (text: string) => ({ decision: 'deny', reasons: [{ step: 'none', text }] });
    expect(ask(index, 9, 'steiner', '2026-09-05T12:00')).toEqual(none('person 9 holds no role of doors'));
    expect(ask(index, 9, 'nowhere', '2026-09-05T12:00')).toEqual(none('no resource nowhere in doors'));
    expect(ask(index, 9, 'steiner', '2026-09-05T12:00', 'open', 99)).toEqual(none('no org unit 99'));
    index.putAssignment(assignment(1, 2));
    expect(ask(index, 7, 'steiner', '2026-09-05T12:00', 'open', 99)).toEqual(none('no org unit 99'));
    expect(
      check(index, {
        subject: { type: 'person', id: 7 },
        application: 'gates',
        action: 'open',
        resource: 'steiner',
        at: at('2026-09-05T12:00'),
      }),
    ).toEqual(none('no application gates'));
  });

  it('gives at most twelve reasons for a deny', () => {
    const index = world();
    for (let id = 1; id <= 14; id++) index.putAssignment(assignment(id, 2, { scopeKind: 'org', orgId: 3 }));
    const d = ask(index, 7, 'steiner', '2026-09-05T12:00', 'open', 2);
    expect(d.decision).toBe('deny');
    expect(d.reasons).toHaveLength(12);
  });

  it('explains an affiliation scope: where the person is affiliated, or why that does not cover the unit', () => {
    const index = world();
    index.putAssignment(assignment(1, 2, { scopeKind: 'affiliation', affiliationKind: 'student' }));
    index.putAssignment(assignment(2, 2, { scopeKind: 'affiliation', subjectType: 'group', subjectId: 7 }));
    const reasonOf = (personId: number, when: string, scope: number | null, type: 'person' | 'group' = 'person') =>
      check(index, {
        subject: { type, id: personId },
        application: 'doors',
        action: 'open',
        resource: 'steiner',
        scope,
        at: at(when),
      }).reasons;
    expect(reasonOf(7, '2026-09-05T12:00', 2)).toEqual([
      { step: 'scope', id: 1, text: 'assignment 1: the person has no current affiliation' },
    ]);
    expect(reasonOf(7, '2026-09-05T12:00', null, 'group')).toEqual([
      { step: 'scope', id: 2, text: 'assignment 2: an affiliation scope applies to people only' },
    ]);
    // Valid on its first and last day (UTC dates); an affiliation of another kind does not count.
    index.putAffiliations(7, [
      { orgId: 2, kind: 'student', validFrom: '2026-09-05', validTo: '2026-09-07' },
      { orgId: 3, kind: 'staff', validFrom: null, validTo: null },
    ]);
    for (const day of ['2026-09-05T12:00', '2026-09-07T12:00'])
      expect(reasonOf(7, day, 2)[0]).toEqual({
        step: 'assignment',
        id: 1,
        text: 'assignment 1 of role ra, in CHEM, where the person is currently affiliated (student)',
      });
    expect(reasonOf(7, '2026-09-05T12:00', 3)).toEqual([
      { step: 'scope', id: 1, text: "assignment 1: none of the person's current affiliations is in the asked unit" },
    ]);
    expect(reasonOf(7, '2026-09-04T12:00', 2)[0].text).toBe('assignment 1: the person has no current affiliation');
    expect(reasonOf(7, '2026-09-08T12:00', 2)[0].text).toBe('assignment 1: the person has no current affiliation');
  });

  it('counts an assignment from its first instant, scopes without an asked unit, any affiliation kind, and never a group by a person id', () => {
    const index = world();
    const from = at('2026-09-05T12:00').getTime();
    index.putAssignment(assignment(1, 2, { scopeKind: 'org', orgId: 2, from }));
    expect(ask(index, 7, 'steiner', '2026-09-05T12:00').reasons[0].text).toBe(
      'assignment 1 of role ra, in CHEM, from 2026-09-05T16:00:00.000Z',
    );
    expect(ask(index, 7, 'steiner', '2026-09-05T11:59').decision).toBe('deny');
    // The unit was deleted: the assignment covers nothing, and says so.
    index.putOrgs(
      [
        { id: 1, path: '/1/', code: 'UNI' },
        { id: 3, path: '/1/3/', code: 'PHYS' },
      ],
      true,
    );
    expect(ask(index, 7, 'steiner', '2026-09-06T12:00').reasons).toEqual([
      { step: 'scope', id: 1, text: 'assignment 1: its org unit 2 is gone' },
    ]);
    index.removeAssignment(1);
    index.putAssignment(assignment(2, 2, { scopeKind: 'affiliation', affiliationKind: null }));
    index.putAffiliations(7, [{ orgId: 3, kind: 'staff', validFrom: null, validTo: null }]);
    expect(ask(index, 7, 'steiner', '2026-09-06T12:00').decision).toBe('allow');
    expect(ask(index, 7, 'steiner', '2026-09-06T12:00', 'open', 3).reasons[0].text).toBe(
      'assignment 2 of role ra, in PHYS, where the person is currently affiliated',
    );
    // Affiliated in a unit covers the units below it, not those above.
    index.putOrgs([{ id: 5, path: '/1/3/5/', code: 'OPTICS' }], false);
    expect(ask(index, 7, 'steiner', '2026-09-06T12:00', 'open', 5).reasons[0].text).toBe(
      'assignment 2 of role ra, in PHYS, where the person is currently affiliated',
    );
    expect(ask(index, 7, 'steiner', '2026-09-06T12:00', 'open', 1).decision).toBe('deny');
    // Group 7 is not person 7: an affiliation scope assigned to it covers nothing.
    index.putAssignment(assignment(3, 1, { scopeKind: 'affiliation', subjectType: 'group', subjectId: 7 }));
    const group = check(index, {
      subject: { type: 'group', id: 7 },
      application: 'doors',
      action: 'open',
      resource: 'steiner',
      at: at('2026-09-06T12:00'),
    });
    expect(group.decision).toBe('deny');
  });

  it('names the unknown field and the rule, not only the message', () => {
    const index = world();
    expect(unknownName(index, { application: 'gates', resource: 'steiner', action: 'open' })).toEqual({
      field: '/application',
      rule: 'exists',
      message: 'no application gates',
    });
    expect(unknownName(index, { application: 'doors', resource: 'gate', action: 'open' })).toMatchObject({
      field: '/resource',
      rule: 'exists',
    });
    expect(unknownName(index, { application: 'doors', resource: 'steiner', action: 'lock' })).toMatchObject({
      field: '/action',
      rule: 'exists',
    });
  });

  it('what-can lists the assignments whose scope covers the asked unit, across applications', () => {
    const index = world();
    index.putApp({ id: 2, name: 'wiki', timeZone: 'UTC', implications: {} });
    index.putResource({ id: 20, appId: 2, name: 'pages', parentId: null });
    index.putRole({ id: 3, appId: 2, name: 'editor' }, [
      { id: 3, roleId: 3, action: 'edit', resourceId: 20, limits: [] },
    ]);
    index.putAssignment(assignment(1, 2, { scopeKind: 'org', orgId: 2 }));
    index.putAssignment(assignment(2, 3));
    index.putAssignment(assignment(3, 1, { scopeKind: 'affiliation' }));
    index.putAssignment(assignment(4, 2, { scopeKind: 'org', orgId: 3 }));
    index.putAssignment(assignment(5, 2, { scopeKind: 'affiliation', subjectType: 'group', subjectId: 7 }));
    const what = (opts: { application?: string; scope?: number | null }, type: 'person' | 'group' = 'person') =>
      whatCan(index, { type, id: 7 }, { ...opts, at: at('2026-09-05T12:00') })
        .map((e) => `${e.application} ${e.role} ${e.assignmentId}`)
        .sort();
    expect(what({ scope: 2 })).toEqual(['doors ra 1', 'wiki editor 2']);
    expect(what({ scope: 2, application: 'doors' })).toEqual(['doors ra 1']);
    expect(what({})).toEqual(['doors ra 1', 'doors ra 4', 'wiki editor 2']);
    expect(what({}, 'group')).toEqual([]);
    index.putAffiliations(7, [{ orgId: 2, kind: 'staff', validFrom: null, validTo: null }]);
    expect(what({ scope: 2 })).toEqual(['doors ra 1', 'doors resident 3', 'wiki editor 2']);
    // The unit of assignment 1 deleted: it covers nothing any more.
    index.putOrgs(
      [
        { id: 1, path: '/1/', code: 'UNI' },
        { id: 3, path: '/1/3/', code: 'PHYS' },
      ],
      true,
    );
    expect(what({})).toEqual(['doors ra 4', 'wiki editor 2']);
  });
});
