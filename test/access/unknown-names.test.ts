import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { application, ok, person, resources, role, unit } from './world.ts';

/**
 * An unknown application, resource, action, org unit or subject on the decision point is not an ordinary deny: a
 * single check answers 400 naming the field and rule `exists`, a batch answers that problem in the item's place.
 */
let t: TestApp;
let known: number;
beforeAll(async () => {
  t = await makeTestApp();
  const uni = await unit(t, 'UNI');
  await application(t, 'lms', { implications: { manage: ['grade'] } });
  await resources(t, 'lms', [['course', null]]);
  await role(t, 'lms', 'reader', [{ action: 'read', resource: 'course' }]);
  known = await person(t, 'Known', uni);
});
afterAll(async () => t.close());

const body = (over: Record<string, unknown> = {}) => ({
  subject: { type: 'person', id: known },
  application: 'lms',
  action: 'read',
  resource: 'course',
  ...over,
});
const post = (payload: unknown, url = '/check') =>
  t.call(t.tokens.admin, { method: 'POST', url, payload: payload as never });

describe('unknown names on the decision point', () => {
  it('answers 400 naming the unknown application, resource, action, org unit, person or group', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ application: 'lms2' }, '/application', 'no application lms2'],
      [{ resource: 'courses' }, '/resource', 'no resource courses in lms'],
      [{ action: 'raed' }, '/action', 'no action raed in lms'],
      [{ scope: 'NOWHERE' }, '/scope', 'no org unit NOWHERE'],
      [{ subject: { type: 'person', id: 987654 } }, '/subject/id', 'no person 987654'],
      [{ subject: { type: 'group', id: 987654 } }, '/subject/id', 'no group 987654'],
    ];
    for (const [over, field, message] of cases) {
      const r = await post(body(over));
      expect(r.statusCode, `${field}: ${r.body}`).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().errors).toEqual([{ field, rule: 'exists', message }]);
    }
  });

  it('still denies a known person holding no role, and knows actions named only by implications', async () => {
    expect((await ok<{ decision: string }>(t, 'POST', '/check', body())).decision).toBe('deny');
    expect((await ok<{ decision: string }>(t, 'POST', '/check', body({ action: 'grade' }))).decision).toBe('deny');
  });

  it('tells a missing person from a known one however often each is asked, alone or in one batch', async () => {
    for (let round = 0; round < 3; round++) {
      expect((await ok<{ decision: string }>(t, 'POST', '/check', body())).decision).toBe('deny');
      const missing = await post(body({ subject: { type: 'person', id: known + 5000 } }));
      expect(missing.statusCode, missing.body).toBe(400);
      const r = await post(
        { checks: [body(), body({ subject: { type: 'person', id: known + 5001 } })] },
        '/check/batch',
      );
      const [first, second] = r.json().results;
      expect(first.decision).toBe('deny');
      expect(second.error.errors).toEqual([
        { field: '/checks/1/subject/id', rule: 'exists', message: `no person ${known + 5001}` },
      ]);
    }
  });

  it('answers a batch with a per-item error in place of the decision', async () => {
    const r = await post({ checks: [body(), body({ application: 'lms2' }), body({ resource: 'x' })] }, '/check/batch');
    expect(r.statusCode, r.body).toBe(200);
    const [first, second, third] = r.json().results;
    expect(first.decision).toBe('deny');
    expect(second).toEqual({
      error: {
        status: 400,
        code: 'validation',
        detail: '/checks/1/application: no application lms2',
        errors: [{ field: '/checks/1/application', rule: 'exists', message: 'no application lms2' }],
      },
    });
    expect(third.error.errors[0]).toMatchObject({ field: '/checks/2/resource', rule: 'exists' });
  });

  it('answers who-can about an unknown name with 400 too', async () => {
    const r = await t.call(t.tokens.admin, {
      method: 'GET',
      url: '/access/who-can?application=lms&action=read&resource=nope',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ field: '/resource', rule: 'exists' });
  });
});
