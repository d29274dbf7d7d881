import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';

const RIGHT = 'quiet harbour lantern';
const WINDOW = 15 * 60_000;

describe('sign-in throttling (issue 13)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    for (const username of ['clerk', 'reader', 'writer', 'spare'])
      await t.call(t.tokens.admin, {
        method: 'POST',
        url: '/users',
        payload: { username, displayName: username, password: RIGHT, roles: [{ role: 'auditor' }] },
      });
  });
  afterAll(() => t.close());
  // Every case starts with closed windows.
  afterEach(() => t.clock.advance(WINDOW + 1000));

  const login = (username: string, password: string, remoteAddress = '192.0.2.1') =>
    t.server.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { username, password } });

  it('refuses attempts after 10 failures for an account, even the right password, until the window passes', async () => {
    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await login('clerk', `wrong guess ${i}`));
    expect(answers.slice(0, 10).map((r) => r.statusCode)).toEqual(Array(10).fill(401));
    expect(new Set(answers.slice(10).map((r) => r.statusCode))).toEqual(new Set([429]));
    const refused = answers[49]!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ status: 429, code: 'too-many-attempts' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(WINDOW / 1000);

    const locked = await login('clerk', RIGHT);
    expect(locked.statusCode).toBe(429);
    t.clock.advance(WINDOW - 60_000);
    expect((await login('clerk', RIGHT)).statusCode).toBe(429);
    t.clock.advance(60_000);
    expect((await login('clerk', RIGHT)).statusCode).toBe(200);
  });

  it('counts the failures of an account across addresses', async () => {
    for (let i = 0; i < 10; i++)
      expect((await login('reader', 'wrong guess', `198.51.100.${i + 1}`)).statusCode).toBe(401);
    const elsewhere = await login('reader', RIGHT, '203.0.113.77');
    expect(elsewhere.statusCode).toBe(429);
    // Another account from that address is not affected.
    expect((await login('writer', RIGHT, '203.0.113.77')).statusCode).toBe(200);
  });

  it('refuses an address after 30 failures whatever the account, and not another address', async () => {
    for (let i = 0; i < 30; i++) expect((await login(`nobody${i}`, 'wrong guess', '192.0.2.99')).statusCode).toBe(401);
    expect((await login('spare', RIGHT, '192.0.2.99')).statusCode).toBe(429);
    expect((await login('spare', RIGHT, '192.0.2.100')).statusCode).toBe(200);
  });

  it('does not count successful sign-ins', async () => {
    for (let i = 0; i < 35; i++) expect((await login('writer', RIGHT)).statusCode).toBe(200);
  });
});

describe('password strength (issue 13)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  const create = (username: string, password: string) =>
    t.call(t.tokens.admin, {
      method: 'POST',
      url: '/users',
      payload: { username, displayName: username, password, roles: [{ role: 'auditor' }] },
    });

  it.each([
    ['            ', 'blank'],
    ['aaaaaaaaaaaa', 'Repeated characters'],
    ['password1234', 'commonly used password'],
  ])('refuses %j on account creation, naming the field, the rule and why', async (password, why) => {
    const r = await create(`weak${password.trim().length}`, password);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const [problem] = r.json().errors;
    expect(problem).toMatchObject({ field: '/password', rule: 'strength' });
    expect(problem.message).toContain(why);
  });

  it('refuses a guessable password on a change and keeps the old one', async () => {
    expect((await create('changer', RIGHT)).statusCode).toBe(201);
    const signIn = await t.call(null, {
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'changer', password: RIGHT },
    });
    const cookies = { steward_session: signIn.cookies.find((c) => c.name === 'steward_session')!.value };
    for (const password of ['            ', 'aaaaaaaaaaaa', 'password1234']) {
      const r = await t.server.inject({
        method: 'POST',
        url: '/auth/password',
        cookies,
        headers: { origin: 'http://localhost' },
        payload: { password },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0]).toMatchObject({ field: '/password', rule: 'strength' });
    }
    const ok = await t.server.inject({
      method: 'POST',
      url: '/auth/password',
      cookies,
      headers: { origin: 'http://localhost' },
      payload: { password: 'amber tide over the quay' },
    });
    expect(ok.statusCode).toBe(204);
  });
});
