import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loggerOptions } from '../../src/platform/logger.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';
import { addType } from '../status/world.ts';

/**
 * Secrets never reach the logs (issue 13): a realistic flow runs with the server's logger at `trace` and request
 * logging on, writing into an array; every secret it handled — passwords (chosen, changed, mistyped), the session,
 * API tokens, a temporary account's one-time password, an LDAP bind password and a generated webhook secret — is
 * then looked for in every log line, in the audit rows and in what later reads answer.
 */
describe('secrets in logs, audit rows and answers (issue 13)', () => {
  let t: TestApp;
  const lines: string[] = [];
  const secrets = new Map<string, string>();
  const answers: string[] = [];

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    t = await makeTestApp({ logger: pino(loggerOptions('trace'), capture), logRequests: true });
    secrets.set('admin token', t.tokens.admin);
    const call = async (what: string, token: string | null, options: Parameters<TestApp['call']>[1]) => {
      const r = await t.call(token, options);
      expect(r.statusCode, `${what}: ${r.body}`).toBeLessThan(400);
      return r;
    };

    secrets.set('chosen password', 'lantern over the grey harbour');
    await call('create account', t.tokens.admin, {
      method: 'POST',
      url: '/users',
      payload: {
        username: 'keeper',
        displayName: 'Key Keeper',
        password: secrets.get('chosen password'),
        roles: [{ role: 'sysadmin' }],
      },
    });
    secrets.set('mistyped password', 'lantern over the grey harbor');
    const wrong = await t.call(null, {
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'keeper', password: secrets.get('mistyped password') },
    });
    expect(wrong.statusCode).toBe(401);
    const login = await call('sign in', null, {
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'keeper', password: secrets.get('chosen password') },
    });
    const session = login.cookies.find((c) => c.name === 'steward_session')!.value;
    secrets.set('session', session);
    await call('me by cookie', null, { method: 'GET', url: '/auth/me', cookies: { steward_session: session } });
    secrets.set('changed password', 'seven quiet owls at dusk');
    await call('change password', null, {
      method: 'POST',
      url: '/auth/password',
      cookies: { steward_session: session },
      headers: { origin: 'http://localhost' },
      payload: { password: secrets.get('changed password') },
    });
    const keeper = (
      await call('sign in again', null, {
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'keeper', password: secrets.get('changed password') },
      })
    ).cookies.find((c) => c.name === 'steward_session')!.value;
    secrets.set('second session', keeper);

    const token = (
      await call('create token', null, {
        method: 'POST',
        url: '/tokens',
        cookies: { steward_session: keeper },
        headers: { origin: 'http://localhost' },
        payload: { name: 'nightly' },
      })
    ).json().token as string;
    secrets.set('api token', token);
    await call('me by token', token, { method: 'GET', url: '/auth/me' });

    const org = await addOrg(t, 'SCI');
    const account = (
      await call('loan account', token, {
        method: 'POST',
        url: '/loans/accounts',
        payload: { username: 'temp-sci-01', orgId: org },
      })
    ).json();
    const loan = (
      await call('lend', token, {
        method: 'POST',
        url: '/loans',
        payload: { orgId: org, borrowerName: 'Vera Visitor', comment: 'conference wifi', hours: 4 },
      })
    ).json();
    expect(loan.loan.accountId).toBe(account.id);
    secrets.set('one-time password', loan.password);
    answers.push((await call('read loan', token, { method: 'GET', url: `/loans/${loan.loan.id}` })).body);

    await addType(t, { name: 'Learner', rank: 500, category: 'student', match: { kinds: ['learner'] } });
    secrets.set('bind password', 'Bind-Pa55word-for-the-directory');
    await call('ldap target', token, {
      method: 'POST',
      url: '/provision/targets',
      payload: {
        name: 'campus-ad',
        kind: 'ldap',
        settings: {
          url: 'ldap://127.0.0.1:9',
          bindDn: 'cn=steward,ou=service,dc=example,dc=edu',
          baseDn: 'ou=people,dc=example,dc=edu',
          groupsDn: 'ou=groups,dc=example,dc=edu',
        },
        secrets: { password: secrets.get('bind password') },
        selection: { statuses: ['Learner'] },
      },
    });
    const hook = await call('webhook target', token, {
      method: 'POST',
      url: '/provision/targets',
      payload: { name: 'hr-hook', kind: 'webhook', settings: { url: 'http://127.0.0.1:9/x', events: ['person.*'] } },
    });
    secrets.set('webhook secret', hook.json().generatedSecret);
    for (const name of ['campus-ad', 'hr-hook'])
      await t.call(token, { method: 'POST', url: `/provision/targets/${name}/run` });

    for (const url of ['/users', '/tokens', '/loans', '/provision/targets', '/provision/targets/campus-ad', '/audit'])
      answers.push((await call(url, token, { method: 'GET', url })).body);
    // The flow did log: requests at least, and some of it at debug or below.
    expect(lines.length).toBeGreaterThan(20);
  });
  afterAll(() => t.close());

  it('writes no secret in any log line, at any level', () => {
    expect([...secrets.values()].every((s) => typeof s === 'string' && s.length >= 12)).toBe(true);
    const log = lines.join('');
    const found = [...secrets].filter(([, value]) => log.includes(value)).map(([what]) => what);
    expect(found).toEqual([]);
  });

  it('keeps no secret in the audit rows', async () => {
    const rows = await t.db().selectFrom('audit_log').select(['before', 'after', 'reason']).execute();
    const audit = JSON.stringify(rows);
    expect([...secrets].filter(([, value]) => audit.includes(value)).map(([what]) => what)).toEqual([]);
  });

  it('answers no secret in later reads', () => {
    const read = answers.join('\n');
    expect([...secrets].filter(([, value]) => read.includes(value)).map(([what]) => what)).toEqual([]);
  });
});

describe("the logger's redaction (issue 13)", () => {
  it('replaces secrets wherever a log line carries them: headers, cookies, bodies, target secrets', () => {
    const lines: string[] = [];
    const log = createLogger('trace', { write: (line: string) => void lines.push(line) });
    const secret = 'stw_a-very-secret-token-value';
    log.debug({ req: { method: 'GET', url: '/x', headers: { authorization: `Bearer ${secret}`, cookie: secret } } });
    log.trace({ res: { statusCode: 200, headers: { 'set-cookie': `steward_session=${secret}` } } });
    log.info({ body: { username: 'keeper', password: secret } }, 'sign-in');
    log.warn({ target: { name: 'campus-ad', secrets: { password: secret } } }, 'target saved');
    log.error({ loan: { id: 1, password: secret }, token: secret, secret }, 'lent');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).not.toContain(secret);
    expect(lines.join('')).toContain('[redacted]');
    expect(lines.join('')).toContain('keeper');
  });
});
