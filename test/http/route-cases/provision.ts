import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

const tag = (actor: ActorName) => actor.toLowerCase();

/** An LDAP target on an address where nothing listens, and a webhook target, written straight to the tables. */
async function target(fx: RouteFixture, name: string, kind: 'ldap' | 'webhook', extra: Record<string, unknown> = {}) {
  const now = fx.t.clock.now();
  const settings =
    kind === 'ldap'
      ? {
          url: 'ldap://127.0.0.1:1',
          bindDn: 'cn=admin,dc=example,dc=edu',
          baseDn: 'ou=steward,dc=example,dc=edu',
          groupsDn: 'ou=groups,ou=steward,dc=example,dc=edu',
          rdnAttribute: 'cn',
          objectClasses: ['inetOrgPerson'],
          groupObjectClasses: ['stewardGroup'],
          requiredAttributes: ['cn', 'sn'],
          disable: { attribute: 'userAccountControl', enabled: '512', disabled: '514' },
          timeoutSeconds: 1,
          startTls: false,
          tlsInsecure: false,
        }
      : { url: 'http://127.0.0.1:1/hook', events: ['person.*'], timeoutSeconds: 1 };
  const row = await fx.t
    .db()
    .insertInto('provision_targets')
    .values({
      name,
      kind,
      settings: JSON.stringify(settings),
      secrets: JSON.stringify(kind === 'ldap' ? { password: 'x' } : { secret: `whsec_${'A'.repeat(24)}` }),
      selection: JSON.stringify({ statuses: [], primaryOnly: false, orgUnits: [], streams: [], groups: [] }),
      mappings: JSON.stringify(kind === 'ldap' ? { cn: '{displayName}', sn: '{familyName}' } : {}),
      groups: '[]',
      lifecycle: JSON.stringify({ disable: true, deleteAfterDays: 90 }),
      created_at: now,
      updated_at: now,
      ...extra,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row;
}

const ifMatch = { 'if-match': '"1"' };
const webhookBody = (name: string) => ({
  name,
  kind: 'webhook',
  settings: { url: 'https://hooks.example/x', events: ['person.*'] },
});

/** Provisioning targets: system administrators define and operate them; auditors read them; others neither. */
export const provisionCases: RouteCase[] = [
  {
    route: 'GET /provision/targets',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/provision/targets' }),
  },
  {
    route: 'POST /provision/targets',
    allowed: 'admin',
    denied: 'auditor',
    request: (_fx, actor) => ({ method: 'POST', url: '/provision/targets', payload: webhookBody(`new-${tag(actor)}`) }),
  },
  {
    route: 'GET /provision/targets/:name',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => {
      await target(fx, 'read-me', 'ldap');
      return { method: 'GET', url: '/provision/targets/read-me' };
    },
  },
  {
    route: 'PUT /provision/targets/:name',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      await target(fx, `put-${tag(actor)}`, 'webhook');
      const { name: _n, ...body } = webhookBody('x');
      return { method: 'PUT', url: `/provision/targets/put-${tag(actor)}`, headers: ifMatch, payload: body };
    },
  },
  ...(['pause', 'resume'] as const).map((verb): RouteCase => ({
    route: `POST /provision/targets/:name/${verb}`,
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      await target(fx, `${verb}-${tag(actor)}`, 'webhook');
      return { method: 'POST', url: `/provision/targets/${verb}-${tag(actor)}/${verb}`, headers: ifMatch };
    },
  })),
  {
    route: 'DELETE /provision/targets/:name',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      await target(fx, `del-${tag(actor)}`, 'webhook');
      return { method: 'DELETE', url: `/provision/targets/del-${tag(actor)}`, headers: ifMatch };
    },
  },
  {
    route: 'POST /provision/targets/:name/run',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      await target(fx, 'runner', 'ldap');
      return { method: 'POST', url: '/provision/targets/runner/run' };
    },
  },
  {
    route: 'POST /provision/targets/:name/release',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const hold = JSON.stringify({ reason: 'test', retiring: 9, provisioned: 10, since: '2026-09-01T00:00:00Z' });
      await target(fx, `held-${tag(actor)}`, 'ldap', { hold, state: 'paused' });
      return { method: 'POST', url: `/provision/targets/held-${tag(actor)}/release` };
    },
  },
  {
    route: 'GET /provision/targets/:name/queue',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => {
      await target(fx, 'queued', 'ldap');
      return { method: 'GET', url: '/provision/targets/queued/queue?state=errors' };
    },
  },
  ...(['retry', 'skip'] as const).map((how): RouteCase => ({
    route: `POST /provision/targets/:name/${how}`,
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      await target(fx, 'settle', 'ldap');
      return {
        method: 'POST',
        url: `/provision/targets/settle/${how}`,
        payload: { objects: [{ objectType: 'person', objectId: fx.person.inA }] },
      };
    },
  })),
  {
    route: 'GET /provision/targets/:name/deliveries',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => {
      await target(fx, 'hook', 'webhook');
      return { method: 'GET', url: '/provision/targets/hook/deliveries?state=dead' };
    },
  },
  {
    route: 'POST /provision/targets/:name/replay',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      await target(fx, 'hook', 'webhook');
      return { method: 'POST', url: '/provision/targets/hook/replay', payload: {} };
    },
  },
  {
    route: 'POST /provision/targets/:name/sync',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      await target(fx, 'drift', 'ldap');
      return { method: 'POST', url: '/provision/targets/drift/sync', payload: { dryRun: true } };
    },
  },
  {
    route: 'GET /provision/targets/:name/runs',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => {
      await target(fx, 'drift', 'ldap');
      return { method: 'GET', url: '/provision/targets/drift/runs' };
    },
  },
  {
    route: 'GET /people/:id/provisioning',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/people/${fx.person.inA}/provisioning` }),
  },
];
