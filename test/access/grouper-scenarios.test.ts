import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { application, assign, check, decision, ok, person, resources, role, unit } from './world.ts';

/**
 * Grouper's access-management use cases and Ipseity's learner move, told against the API
 * with the clock moved as each story needs. (Professional organisations and the group
 * half of the dorm story are in group-subjects.test.ts.)
 */
let t: TestApp;
let uni: number;
let arts: number;
let chem: number;
let phys: number;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T13:00:00Z' });
  uni = await unit(t, 'UNI');
  arts = await unit(t, 'AS', uni);
  chem = await unit(t, 'CHEM', arts);
  phys = await unit(t, 'PHYS', arts);
});
afterAll(async () => t.close());

describe('Grouper use cases', () => {
  it('course deadline extended: one week of access, then gone without any job', async () => {
    const student = await person(t, 'Sonia', chem, 'student');
    await application(t, 'lms');
    await resources(t, 'lms', [
      ['course-spaces', null],
      ['math-106-401', 'course-spaces'],
    ]);
    const lmsUsers = await role(t, 'lms', 'math-106-401-users', [{ action: 'login', resource: 'math-106-401' }]);
    const until = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString();
    await assign(t, {
      roleId: lmsUsers,
      subjects: [{ type: 'person', id: student }],
      scopes: [{ kind: 'everywhere' }],
      enabledUntil: until,
      reason: "make-up exam, at the Dean's request",
    });
    expect(await decision(t, student, 'lms', 'login', 'math-106-401')).toBe('allow');
    // A client that sends no scope as null gets the same answer (it was read as unit 0).
    const noScope = await ok(t, 'POST', '/check', {
      subject: { type: 'person', id: student },
      application: 'lms',
      action: 'login',
      resource: 'math-106-401',
      scope: null,
    });
    expect(noScope.decision).toBe('allow');
    t.clock.advanceDays(6);
    expect(await decision(t, student, 'lms', 'login', 'math-106-401')).toBe('allow');
    t.clock.advanceDays(1);
    const d = await check(t, student, 'lms', 'login', 'math-106-401');
    expect(d.decision).toBe('deny');
    expect(d.reasons[0].step).toBe('dates');
  });

  it('old and new payroll clerks: the chair revokes one role and every permission goes; grants it to the next clerk', async () => {
    await application(t, 'payroll', { implications: { WRITE_NON_EXEMPT: ['READ_NON_EXEMPT'] } });
    await resources(t, 'payroll', [
      ['employees', null],
      ['non-exempt', 'employees'],
      ['faculty-salary', 'employees'],
    ]);
    const clerk = await role(t, 'payroll', 'payrollUsers', [
      { action: 'READ_NON_EXEMPT', resource: 'non-exempt' },
      { action: 'WRITE_NON_EXEMPT', resource: 'non-exempt' },
    ]);
    const chair = await t.tokenFor('chem-chair', [{ role: 'orgadmin', orgId: chem }]);
    const gina = await person(t, 'Gina', chem);
    const marcus = await person(t, 'Marcus', chem);
    const [g] = await assign(
      t,
      { roleId: clerk, subjects: [{ type: 'person', id: gina }], scopes: [{ kind: 'org', orgId: chem }] },
      chair,
    );
    expect(await decision(t, gina, 'payroll', 'WRITE_NON_EXEMPT', 'non-exempt', chem)).toBe('allow');
    expect(await decision(t, gina, 'payroll', 'READ_NON_EXEMPT', 'non-exempt', 'CHEM')).toBe('allow');
    expect(await decision(t, gina, 'payroll', 'READ_NON_EXEMPT', 'non-exempt', phys)).toBe('deny');

    await ok(t, 'DELETE', `/access/assignments/${g.id}?reason=moved%20to%20the%20Comptroller`, undefined, chair);
    expect(await decision(t, gina, 'payroll', 'WRITE_NON_EXEMPT', 'non-exempt', chem)).toBe('deny');
    expect(await decision(t, gina, 'payroll', 'READ_NON_EXEMPT', 'non-exempt', chem)).toBe('deny');

    await assign(
      t,
      { roleId: clerk, subjects: [{ type: 'person', id: marcus }], scopes: [{ kind: 'org', orgId: chem }] },
      chair,
    );
    expect(await decision(t, marcus, 'payroll', 'WRITE_NON_EXEMPT', 'non-exempt', chem)).toBe('allow');
    expect(await decision(t, marcus, 'payroll', 'READ_NON_EXEMPT', 'faculty-salary', chem)).toBe('deny');
    // The chair administers Chemistry only.
    const outside = await t.call(chair, {
      method: 'POST',
      url: '/access/assignments',
      payload: { roleId: clerk, subjects: [{ type: 'person', id: marcus }], scopes: [{ kind: 'org', orgId: phys }] },
    });
    expect(outside.statusCode).toBe(403);
  });

  it('dorm access: 08:00–22:00 for residents, 24×7 for the RA across the quad; a removed RA loses it', async () => {
    await application(t, 'doors', { timeZone: 'America/New_York' });
    const dorms = ['steiner', 'hamilton', 'harnwell', 'harrison', 'rodin', 'gregory'];
    await resources(t, 'doors', [
      ['dorms', null],
      ['quad2', 'dorms'],
      ['quad3', 'dorms'],
      ...dorms.map((d): [string, string] => [d, 'quad2']),
      ['hill', 'quad3'],
    ]);
    const doorUser = await role(t, 'doors', 'doorUser', [
      { action: 'ACCESS', resource: 'dorms', limits: [{ kind: 'time-window', from: '08:00', to: '22:00' }] },
    ]);
    const steinerResident = await role(t, 'doors', 'steiner-resident', [{ action: 'ACCESS', resource: 'steiner' }]);
    const ra = await role(t, 'doors', 'ra-quad2', [{ action: 'ACCESS', resource: 'quad2' }]);
    const [mary, john, richard] = [
      await person(t, 'Mary', chem, 'student'),
      await person(t, 'John', chem, 'student'),
      await person(t, 'Richard', phys, 'student'),
    ];
    await assign(t, {
      roleId: doorUser,
      subjects: [mary, john, richard].map((id) => ({ type: 'person', id })),
      scopes: [{ kind: 'everywhere' }],
    });
    await assign(t, {
      roleId: steinerResident,
      subjects: [{ type: 'person', id: mary }],
      scopes: [{ kind: 'everywhere' }],
    });
    const [johnRa] = await assign(t, {
      roleId: ra,
      subjects: [{ type: 'person', id: john }],
      scopes: [{ kind: 'everywhere' }],
    });
    const noon = '2026-09-10T12:00:00-04:00';
    const night = '2026-09-10T23:30:00-04:00';
    expect(await decision(t, mary, 'doors', 'ACCESS', 'hamilton', undefined, noon)).toBe('allow');
    const late = await check(t, mary, 'doors', 'ACCESS', 'hamilton', undefined, night);
    expect(late.decision).toBe('deny');
    expect(late.reasons.map((r) => r.text).join(' ')).toContain('between 08:00 and 22:00');
    expect(await decision(t, mary, 'doors', 'ACCESS', 'steiner', undefined, night)).toBe('allow');
    for (const d of dorms) expect(await decision(t, john, 'doors', 'ACCESS', d, undefined, night)).toBe('allow');
    expect(await decision(t, john, 'doors', 'ACCESS', 'hill', undefined, night)).toBe('deny');
    // John takes leave; Richard becomes the quad's RA.
    await ok(t, 'DELETE', `/access/assignments/${johnRa.id}`);
    await assign(t, { roleId: ra, subjects: [{ type: 'person', id: richard }], scopes: [{ kind: 'everywhere' }] });
    expect(await decision(t, john, 'doors', 'ACCESS', 'rodin', undefined, night)).toBe('deny');
    const r = await check(t, richard, 'doors', 'ACCESS', 'rodin', undefined, night);
    expect(r.decision).toBe('allow');
    expect(r.reasons.map((x) => x.step)).toEqual(['assignment', 'role', 'permission', 'resource']);
  });

  it('drug restocking: the approvers of an oncology request are found by role', async () => {
    await application(t, 'pharmacy');
    await resources(t, 'pharmacy', [
      ['wards', null],
      ['oncology', 'wards'],
      ['oncology-cabinet', 'oncology'],
      ['cardiology', 'wards'],
    ]);
    const headNurse = await role(t, 'pharmacy', 'oncology-head-nurse', [
      { action: 'approve-restock', resource: 'oncology' },
    ]);
    const onCall = await role(t, 'pharmacy', 'oncologist-on-call', [
      { action: 'approve-restock', resource: 'oncology' },
    ]);
    const [wilson, head, doctor, cardio] = [
      await person(t, 'Wilson', chem),
      await person(t, 'Hedda', chem),
      await person(t, 'Otto', chem),
      await person(t, 'Carl', chem),
    ];
    await assign(t, { roleId: headNurse, subjects: [{ type: 'person', id: head }], scopes: [{ kind: 'everywhere' }] });
    const week = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString();
    await assign(t, {
      roleId: onCall,
      subjects: [{ type: 'person', id: doctor }],
      scopes: [{ kind: 'everywhere' }],
      enabledUntil: week,
    });
    const cardioRole = await role(t, 'pharmacy', 'cardiology-head-nurse', [
      { action: 'approve-restock', resource: 'cardiology' },
    ]);
    await assign(t, {
      roleId: cardioRole,
      subjects: [{ type: 'person', id: cardio }],
      scopes: [{ kind: 'everywhere' }],
    });
    const who = await ok<{ people: { personId: number; reasons: { text: string }[] }[] }>(
      t,
      'GET',
      '/access/who-can?application=pharmacy&action=approve-restock&resource=oncology-cabinet',
    );
    expect(who.people.map((p) => p.personId).sort()).toEqual([head, doctor].sort());
    expect(who.people.map((p) => p.personId)).not.toContain(wilson);
    // Next week another oncologist is on call: the lookup follows the dates.
    t.clock.advanceDays(8);
    const later = await ok<{ people: { personId: number }[] }>(
      t,
      'GET',
      '/access/who-can?application=pharmacy&action=approve-restock&resource=oncology-cabinet',
    );
    expect(later.people.map((p) => p.personId)).toEqual([head]);
  });

  it('delegated directory administration: college-wide implies the department; the departmental admin loses it on moving department', async () => {
    await application(t, 'ad', { implications: { 'manage-home': ['updateHomeDirectory', 'updateHomeDrive'] } });
    await resources(t, 'ad', [
      ['user-attributes', null],
      ['home', 'user-attributes'],
      ['exchange', 'user-attributes'],
    ]);
    const itAdmin = await role(t, 'ad', 'itAdministrator', [{ action: 'manage-home', resource: 'home' }]);
    const bill = await person(t, 'Bill', chem);
    const patrick = await person(t, 'Patrick', arts);
    await assign(t, {
      roleId: itAdmin,
      subjects: [{ type: 'person', id: bill }],
      scopes: [{ kind: 'affiliation', affiliationKind: 'staff' }],
    });
    await assign(t, {
      roleId: itAdmin,
      subjects: [{ type: 'person', id: patrick }],
      scopes: [{ kind: 'org', orgId: arts }],
    });
    expect(await decision(t, bill, 'ad', 'updateHomeDirectory', 'home', chem)).toBe('allow');
    expect(await decision(t, bill, 'ad', 'updateHomeDrive', 'home', chem)).toBe('allow');
    expect(await decision(t, bill, 'ad', 'updateHomeDrive', 'exchange', chem)).toBe('deny');
    // An action no permission or implication of the application names is no deny but an unknown name (issue 13).
    const unknown = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/check',
      payload: {
        subject: { type: 'person', id: bill },
        application: 'ad',
        action: 'msExchHomeServerName',
        resource: 'exchange',
      },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: '/action', rule: 'exists', message: 'no action msExchHomeServerName in ad' },
    ]);
    expect(await decision(t, bill, 'ad', 'updateHomeDrive', 'home', phys)).toBe('deny');
    const p = await check(t, patrick, 'ad', 'updateHomeDirectory', 'home', chem);
    expect(p.decision).toBe('allow');
    expect(p.reasons.find((r) => r.step === 'assignment')!.text).toContain('in AS (which contains the asked unit)');
    // Bill takes a post in Physics: his Chemistry affiliation ends, a Physics one begins.
    await move(t, bill, chem, phys);
    await vi.waitFor(
      async () => expect(await decision(t, bill, 'ad', 'updateHomeDirectory', 'home', phys)).toBe('allow'),
      { timeout: 60_000, interval: 50 },
    );
    expect(await decision(t, bill, 'ad', 'updateHomeDirectory', 'home', chem)).toBe('deny');
  });
});

describe('Ipseity', () => {
  it('learner move: moving a learner between schools moves their scoped roles', async () => {
    const schoolA = await unit(t, 'SCHOOL-A', uni);
    const schoolB = await unit(t, 'SCHOOL-B', uni);
    await application(t, 'vle');
    await resources(t, 'vle', [['course-space', null]]);
    const learner = await role(t, 'vle', 'learner', [{ action: 'view', resource: 'course-space' }]);
    const pupil = await person(t, 'Lena', schoolA, 'student');
    await assign(t, {
      roleId: learner,
      subjects: [{ type: 'person', id: pupil }],
      scopes: [{ kind: 'affiliation', affiliationKind: 'student' }],
    });
    expect(await decision(t, pupil, 'vle', 'view', 'course-space', schoolA)).toBe('allow');
    expect(await decision(t, pupil, 'vle', 'view', 'course-space', schoolB)).toBe('deny');
    await move(t, pupil, schoolA, schoolB);
    await vi.waitFor(
      async () => expect(await decision(t, pupil, 'vle', 'view', 'course-space', schoolB)).toBe('allow'),
      { timeout: 60_000, interval: 50 },
    );
    expect(await decision(t, pupil, 'vle', 'view', 'course-space', schoolA)).toBe('deny');
    const counts = await ok<{ scopeKind: string; role: string; people: number }[]>(
      t,
      'GET',
      '/access/counts?application=vle',
    );
    expect(counts).toEqual([expect.objectContaining({ scopeKind: 'affiliation', role: 'learner', people: 1 })]);
  });
});

/** Ends the person's affiliation to `from` today and affiliates them to `to` from tomorrow; then it is tomorrow. */
async function move(t: TestApp, personId: number, from: number, to: number): Promise<void> {
  const today = t.clock.now().toISOString().slice(0, 10);
  const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
  const affs = await ok<{ id: number; orgId: number; kind: string; version: number }[]>(
    t,
    'GET',
    `/people/${personId}/affiliations`,
  );
  const old = affs.find((a) => a.orgId === from)!;
  await ok(t, 'PATCH', `/people/${personId}/affiliations/${old.id}`, { validTo: today }, t.tokens.admin, {
    'if-match': `"${old.version}"`,
  });
  await ok(t, 'POST', `/people/${personId}/affiliations`, { orgId: to, kind: old.kind, validFrom: tomorrow });
  t.clock.advanceDays(1);
}
