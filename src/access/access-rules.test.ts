import { describe, expect, it } from 'vitest';
import { assignmentProblems, implicationProblems, nameProblems, timeZoneProblems } from './access-rules.ts';

const rules = (problems: { field: string; rule: string }[]) => problems.map((p) => `${p.field} ${p.rule}`);

describe('names of applications, roles and actions', () => {
  it('takes 1 to 200 letters, digits, dots, colons, dashes and underscores, starting with a letter or digit', () => {
    for (const name of ['a', 'Payroll', 'hr.payroll:read_all-2', '7days', 'x'.repeat(200)])
      expect(nameProblems(name)).toEqual([]);
  });

  it('refuses anything else, naming the field and the rule', () => {
    for (const name of ['', '-read', '.read', 'read all', 'read/all', 'x'.repeat(201), 42, null, undefined])
      expect(rules(nameProblems(name))).toEqual(['/name format:name']);
    expect(rules(nameProblems('bad name', '/roles/0/name'))).toEqual(['/roles/0/name format:name']);
    expect(nameProblems('')[0].message).toContain('1–200');
  });
});

describe('implications between actions', () => {
  it('accepts chains and diamonds without a cycle, and actions implied without implications of their own', () => {
    expect(implicationProblems({ write: ['read'], read: [] })).toEqual([]);
    expect(implicationProblems({ admin: ['write', 'approve'], write: ['read'], approve: ['read'] })).toEqual([]);
    expect(implicationProblems({ admin: ['audit'] })).toEqual([]);
  });

  it('refuses an action with a bad name, under the action', () => {
    expect(implicationProblems({ 'read all': [] })).toEqual([
      { field: '/implications/read all', rule: 'format:name', message: 'action read all is not a valid name' },
    ]);
  });

  it('refuses an action implying itself once, as a self-implication and not as a cycle', () => {
    const problems = implicationProblems({ write: ['read', 'write'] }, '/actions');
    expect(rules(problems)).toEqual(['/actions/write self-implication']);
    expect(problems[0].message).toBe('write implies itself');
  });

  it('refuses a cycle, naming the actions in it from where it closes', () => {
    expect(implicationProblems({ a: ['b'], b: ['a'] })).toEqual([
      { field: '/implications', rule: 'cycle', message: 'implications form a cycle: a → b → a' },
    ]);
    // A cycle the first action does not reach is found too.
    expect(rules(implicationProblems({ read: [], a: ['b'], b: ['a'] }))).toEqual(['/implications cycle']);
    // Reached from an action outside it, the cycle is named without that action.
    expect(implicationProblems({ admin: ['write'], write: ['approve'], approve: ['read'], read: ['write'] })).toEqual([
      { field: '/implications', rule: 'cycle', message: 'implications form a cycle: write → approve → read → write' },
    ]);
  });
});

describe('time zones', () => {
  it('takes an IANA zone and refuses anything else, naming it', () => {
    expect(timeZoneProblems('Europe/London')).toEqual([]);
    expect(timeZoneProblems('Mars/Olympus')).toEqual([
      { field: '/timeZone', rule: 'time-zone', message: 'Mars/Olympus is not an IANA time zone (e.g. Europe/London)' },
    ]);
    expect(rules(timeZoneProblems(3, '/app/timeZone'))).toEqual(['/app/timeZone time-zone']);
  });
});

describe('assignments', () => {
  it('accepts a scope with its unit, dates in order and good limits', () => {
    expect(assignmentProblems({ scopeKind: 'org', orgId: 4 })).toEqual([]);
    expect(assignmentProblems({ scopeKind: 'everywhere', orgId: null })).toEqual([]);
    expect(
      assignmentProblems({
        scopeKind: 'affiliation',
        enabledFrom: '2026-01-01T00:00:00Z',
        enabledUntil: '2026-01-01T00:00:01Z',
        limits: [{ kind: 'weekdays', days: [1, 2] }],
      }),
    ).toEqual([]);
    expect(assignmentProblems({ scopeKind: 'everywhere', enabledUntil: '2020-01-01T00:00:00Z' })).toEqual([]);
    expect(assignmentProblems({ scopeKind: 'everywhere', enabledFrom: '2030-01-01T00:00:00Z' })).toEqual([]);
    expect(
      assignmentProblems({ scopeKind: 'everywhere', enabledFrom: '2030-01-01T00:00:00Z', enabledUntil: null }),
    ).toEqual([]);
  });

  it('needs the unit of an org scope, and refuses one for the other scopes', () => {
    expect(assignmentProblems({ scopeKind: 'org' })).toEqual([
      { field: '/orgId', rule: 'required', message: 'an org scope names the unit' },
    ]);
    expect(rules(assignmentProblems({ scopeKind: 'org', orgId: null }, '/assignments/2'))).toEqual([
      '/assignments/2/orgId required',
    ]);
    expect(assignmentProblems({ scopeKind: 'everywhere', orgId: 4 })).toEqual([
      { field: '/orgId', rule: 'not-allowed', message: 'a everywhere scope names no unit' },
    ]);
    expect(rules(assignmentProblems({ scopeKind: 'affiliation', orgId: 0 }))).toEqual(['/orgId not-allowed']);
  });

  it('refuses an end not after the start', () => {
    const at = '2026-03-01T10:00:00Z';
    expect(assignmentProblems({ scopeKind: 'everywhere', enabledFrom: at, enabledUntil: at })).toEqual([
      { field: '/enabledUntil', rule: 'date-order', message: 'enabledUntil must be after enabledFrom' },
    ]);
    expect(
      rules(
        assignmentProblems({ scopeKind: 'everywhere', enabledFrom: at, enabledUntil: '2026-02-01T10:00:00Z' }, '/x'),
      ),
    ).toEqual(['/x/enabledUntil date-order']);
  });

  it('refuses bad limits under the limits field, with every other problem', () => {
    expect(
      rules(assignmentProblems({ scopeKind: 'org', limits: [{ kind: 'weekdays', days: [8] }] }, '/assignments/0')),
    ).toEqual(['/assignments/0/orgId required', '/assignments/0/limits/0/days weekdays']);
    expect(rules(assignmentProblems({ scopeKind: 'everywhere', limits: 'none' as unknown as unknown[] }))).toEqual([
      '/limits type',
    ]);
  });
});
