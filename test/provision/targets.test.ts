import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';
import { addOrg } from '../registry/world.ts';
import { addType } from '../status/world.ts';
import { startReceiver } from './webhook-receiver.ts';

// Targets as data through the API: validation naming field and rule, write-only secrets,
// If-Match, pause and resume, and a webhook target run by the runner to a real receiver.

let t: TestApp;
let unit: number;

beforeAll(async () => {
  t = await makeTestApp();
  unit = await addOrg(t, 'HILL');
  await addType(t, { name: 'Learner', rank: 500, category: 'student', match: { kinds: ['learner'] } });
});

afterAll(() => t?.close());

const ldap = (extra: Record<string, unknown> = {}) => ({
  name: 'campus-ad',
  kind: 'ldap',
  settings: {
    url: 'ldap://dc1.example.edu',
    bindDn: 'cn=steward,ou=service,dc=example,dc=edu',
    baseDn: 'ou=people,dc=example,dc=edu',
    groupsDn: 'ou=groups,dc=example,dc=edu',
  },
  secrets: { password: 'Sup3r-secret-bind' },
  selection: { statuses: ['Learner'] },
  ...extra,
});

const post = (body: unknown, token = t.tokens.admin) =>
  t.call(token, { method: 'POST', url: '/provision/targets', payload: body as object });

describe('defining a target', () => {
  it('refuses what is wrong, naming each field and rule, and creates nothing', async () => {
    const r = await post(
      ldap({
        settings: { ...ldap().settings, url: 'http://dc1', colour: 'blue' },
        selection: { statuses: ['Lerner'], groups: ['no:such'] },
        mappings: { cn: '{displayName}', sn: '{surname}', sAMAccountName: '{username}' },
        groups: [{ group: 'nope:group' }],
      }),
    );
    expect(r.statusCode).toBe(400);
    const errors = (r.json().errors as { field: string; rule: string; message: string }[]).map(
      (e) => `${e.field} ${e.rule}`,
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        '/settings/colour unknown',
        '/settings/url format:url',
        '/selection/statuses/0 exists',
        '/selection/groups/0 exists',
        '/mappings/sn template',
        '/groups/0/group exists',
      ]),
    );
    expect((await t.call(t.tokens.admin, { method: 'GET', url: '/provision/targets' })).json()).toEqual([]);
  });

  it('refuses a mapping without the attributes an entry needs, and unknown body fields', async () => {
    const r = await post(ldap({ mappings: { cn: '{displayName}' } }));
    expect(r.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: '/mappings', rule: 'required', message: 'must map sn (required)' }),
      ]),
    );
    expect((await post({ ...ldap(), colour: 'blue' })).statusCode).toBe(400);
  });

  it('never shows, logs or audits a secret; keeps it when a change leaves it out', async () => {
    const created = await post(ldap({ lifecycle: { deleteAfterDays: null } }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain('Sup3r-secret-bind');
    expect(created.json()).toMatchObject({
      secretsSet: ['password'],
      lifecycle: { disable: true, deleteAfterDays: null },
    });
    const got = await t.call(t.tokens.auditor, { method: 'GET', url: '/provision/targets/campus-ad' });
    expect(got.body).not.toContain('Sup3r-secret-bind');
    const { name: _name, secrets: _s, ...change } = ldap({ label: 'Campus AD' });
    const put = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/provision/targets/campus-ad',
      headers: { 'if-match': String(got.headers.etag) },
      payload: change,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ label: 'Campus AD', secretsSet: ['password'], version: 2 });
    const stored = await t.db().selectFrom('provision_targets').select('secrets').executeTakeFirstOrThrow();
    expect(stored.secrets).toEqual({ password: 'Sup3r-secret-bind' });
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('target_type', '=', 'provision_target')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['provision.target.create', 'provision.target.update']);
    expect(JSON.stringify(audit)).not.toContain('Sup3r-secret-bind');
  });

  it('changes only with the version read, pauses and resumes, and is read but not changed by the auditor', async () => {
    const stale = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/provision/targets/campus-ad/pause',
      headers: { 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    const paused = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/provision/targets/campus-ad/pause',
      headers: { 'if-match': '"2"' },
    });
    expect(paused.json()).toMatchObject({ state: 'paused', version: 3 });
    const denied = await t.call(t.tokens.auditor, {
      method: 'POST',
      url: '/provision/targets/campus-ad/resume',
      headers: { 'if-match': '"3"' },
    });
    expect(denied.statusCode).toBe(403);
    const resumed = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/provision/targets/campus-ad/resume',
      headers: { 'if-match': '"3"' },
    });
    expect(resumed.json().state).toBe('active');
    const missing = await t.call(t.tokens.admin, { method: 'GET', url: '/provision/targets/no-such' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('a webhook target', () => {
  it('gets a generated secret shown once, and delivers signed CloudEvents of the kinds it asked for', async () => {
    const created = await post({
      name: 'hr-hook',
      kind: 'webhook',
      settings: { url: 'http://127.0.0.1:9/x', events: ['person.*'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const secret = created.json().generatedSecret as string;
    expect(secret).toMatch(/^whsec_/);
    const again = await t.call(t.tokens.admin, { method: 'GET', url: '/provision/targets/hr-hook' });
    expect(again.json().generatedSecret).toBeUndefined();
    expect(again.body).not.toContain(secret);

    const receiver = await startReceiver(t.clock, secret);
    try {
      const { name: _n, ...body } = {
        name: 'hr-hook',
        kind: 'webhook',
        settings: { url: receiver.url, events: ['person.*'] },
      };
      await t.call(t.tokens.admin, {
        method: 'PUT',
        url: '/provision/targets/hr-hook',
        headers: { 'if-match': String(again.headers.etag) },
        payload: body,
      });
      const person = await createPerson(t, {
        givenName: 'Ida',
        familyName: 'Webb',
        affiliation: { orgId: unit, kind: 'learner', validFrom: '2025-09-01' },
      });
      const run = await t.call(t.tokens.admin, { method: 'POST', url: '/provision/targets/hr-hook/run' });
      expect(run.json()).toMatchObject({ error: null, deliveries: { delivered: 1, failed: 0, dead: 0 } });
      expect(receiver.accepted.map((e) => [e.type, e.subject])).toEqual([
        ['edu.steward.person.created', `person/${person.id}`],
      ]);
    } finally {
      await receiver.close();
    }
  });
});
