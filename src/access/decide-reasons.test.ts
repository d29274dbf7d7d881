import { describe, expect, it } from 'vitest';
import { check, unknownName } from './decide.ts';
import { ask, assignment, at, world } from './decide-fixtures.ts';
import { whatCan } from './queries.ts';

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
