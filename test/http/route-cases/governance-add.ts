import { systemActor } from '../../../src/platform/auth/actor.ts';
import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

const setup = systemActor('test');
let n = 0;
const unique = (prefix: string) => `${prefix}${++n}`;

/** A fresh basic group in the folder `gov-routes`. */
async function group(fx: RouteFixture): Promise<number> {
  const g = fx.t.app.groups;
  const root =
    (await g.folders.list(setup, null)).folders.find((f) => f.name === 'gov-routes') ??
    (await g.folders.create(setup, { extension: 'gov-routes' }));
  return (await g.groups.create(setup, { folderId: root.id, extension: unique('g') })).id;
}

/** A fresh group with a policy of one stage (the person `inB` approves), and the policy. */
async function governed(fx: RouteFixture): Promise<{ groupId: number; policyId: number; version: number }> {
  const groupId = await group(fx);
  const p = await fx.t.app.governance.policies.create(setup, {
    name: unique('route-policy-'),
    groupId,
    stages: [{ approvers: [{ kind: 'person', personId: fx.person.inB }] }],
  });
  return { groupId, policyId: p.id, version: p.version };
}

/** A waiting request for a fresh person, asked by Steward itself (so no account is its requester). */
async function waiting(fx: RouteFixture): Promise<{ id: number; version: number }> {
  const { groupId } = await governed(fx);
  const personId = await fx.addPerson('Rhea', unique('Request'), fx.org.deptA);
  const r = await fx.t.app.governance.requests.submit(setup, { groupId, personId, reason: 'route case' });
  return { id: r.id, version: r.version };
}

async function account(fx: RouteFixture): Promise<{ id: number; version: number }> {
  const a = await fx.t.app.governance.accounts.create(setup, {
    kind: 'service',
    username: unique('svc-route-'),
    ownerPersonId: fx.person.inA,
  });
  return { id: a.id, version: a.version };
}

async function exclusion(fx: RouteFixture): Promise<number> {
  const [a, b] = [await group(fx), await group(fx)];
  return (await fx.t.app.governance.exclusions.create(setup, { leftGroupId: a, rightGroupId: b })).id;
}

const decision = (action: string, comment?: string) => async (fx: RouteFixture, _actor: ActorName) => {
  const r = await waiting(fx);
  return {
    method: 'POST' as const,
    url: `/governance/requests/${r.id}/${action}`,
    headers: { 'if-match': `"${r.version}"` },
    payload: comment ? { comment } : {},
  };
};

/**
 * Membership governance, adding members: policies and exclusions follow group privileges (system administrators
 * manage, auditors read, others only with `admin` on the group or folder); accounts follow the registry (readers
 * read, organisation administrators manage their subtree's owners); requests and the inbox are for accounts linked
 * to a person (an account with neither a person nor a desk is refused).
 */
export const governanceAddCases: RouteCase[] = [
  {
    route: 'GET /governance/policies',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/governance/policies' }),
  },
  {
    route: 'POST /governance/policies',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: '/governance/policies',
      payload: { name: unique('new-policy-'), groupId: await group(fx), securityLevel: 'high' },
    }),
  },
  {
    route: 'GET /governance/policies/:id',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/governance/policies/${(await governed(fx)).policyId}` }),
  },
  {
    route: 'PATCH /governance/policies/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const p = await governed(fx);
      return {
        method: 'PATCH',
        url: `/governance/policies/${p.policyId}`,
        headers: { 'if-match': `"${p.version}"` },
        payload: { label: 'changed' },
      };
    },
  },
  {
    route: 'DELETE /governance/policies/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({ method: 'DELETE', url: `/governance/policies/${(await governed(fx)).policyId}` }),
  },
  {
    route: 'GET /groups/:id/policy',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/groups/${(await governed(fx)).groupId}/policy` }),
  },
  {
    route: 'GET /governance/policies/:id/delegates',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/governance/policies/${(await governed(fx)).policyId}/delegates` }),
  },
  {
    route: 'POST /governance/policies/:id/delegates',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: `/governance/policies/${(await governed(fx)).policyId}/delegates`,
      payload: { orgId: fx.org.deptA, personId: fx.person.inA },
    }),
  },
  {
    route: 'DELETE /governance/policies/:id/delegates/:delegateId',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const { policyId } = await governed(fx);
      const d = await fx.t.app.governance.policies.addDelegate(setup, policyId, {
        orgId: fx.org.deptA,
        personId: fx.person.inA,
      });
      return { method: 'DELETE', url: `/governance/policies/${policyId}/delegates/${d.id}` };
    },
  },
  {
    route: 'GET /governance/exclusions',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/governance/exclusions' }),
  },
  {
    route: 'POST /governance/exclusions',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: '/governance/exclusions',
      payload: { leftGroupId: await group(fx), rightGroupId: await group(fx) },
    }),
  },
  {
    route: 'GET /governance/exclusions/:id',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/governance/exclusions/${await exclusion(fx)}` }),
  },
  {
    route: 'DELETE /governance/exclusions/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({ method: 'DELETE', url: `/governance/exclusions/${await exclusion(fx)}` }),
  },
  {
    route: 'GET /governance/accounts',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/governance/accounts' }),
  },
  {
    route: 'POST /governance/accounts',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: (fx) => ({
      method: 'POST',
      url: '/governance/accounts',
      payload: { kind: 'admin', username: unique('adm-route-'), ownerPersonId: fx.person.inA },
    }),
  },
  {
    route: 'GET /governance/accounts/:id',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/governance/accounts/${(await account(fx)).id}` }),
  },
  {
    route: 'PATCH /governance/accounts/:id',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const a = await account(fx);
      return {
        method: 'PATCH',
        url: `/governance/accounts/${a.id}`,
        headers: { 'if-match': `"${a.version}"` },
        payload: { description: 'backups' },
      };
    },
  },
  {
    route: 'DELETE /governance/accounts/:id',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => ({ method: 'DELETE', url: `/governance/accounts/${(await account(fx)).id}` }),
  },
  {
    route: 'GET /governance/accounts/:id/memberships',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/governance/accounts/${(await account(fx)).id}/memberships` }),
  },
  {
    route: 'POST /governance/accounts/:id/memberships',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: `/governance/accounts/${(await account(fx)).id}/memberships`,
      payload: { groupId: await group(fx), reason: 'backups' },
    }),
  },
  {
    route: 'DELETE /governance/accounts/:id/memberships/:membershipId',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const a = await account(fx);
      const m = await fx.t.app.governance.accounts.addMembership(setup, a.id, { groupId: await group(fx) });
      return { method: 'DELETE', url: `/governance/accounts/${a.id}/memberships/${m.id}` };
    },
  },
  {
    route: 'POST /governance/requests',
    allowed: 'sponsor',
    denied: 'nobody',
    request: async (fx) => ({
      method: 'POST',
      url: '/governance/requests',
      payload: {
        groupId: (await governed(fx)).groupId,
        personId: await fx.addPerson('Remy', unique('Member'), fx.org.deptA),
        ticket: 'ROUTE-1',
        days: 30,
      },
    }),
  },
  {
    route: 'POST /governance/requests/check',
    allowed: 'sponsor',
    denied: 'nobody',
    request: async (fx) => ({
      method: 'POST',
      url: '/governance/requests/check',
      payload: {
        groupId: (await governed(fx)).groupId,
        personId: await fx.addPerson('Remy', unique('Check'), fx.org.deptA),
        ticket: 'ROUTE-2',
        days: 30,
      },
    }),
  },
  {
    route: 'GET /governance/requests',
    allowed: 'admin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/governance/requests' }),
  },
  {
    route: 'GET /governance/requests/:id',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/governance/requests/${(await waiting(fx)).id}` }),
  },
  {
    route: 'POST /governance/requests/:id/approve',
    allowed: 'admin',
    denied: 'nobody',
    request: decision('approve'),
  },
  {
    route: 'POST /governance/requests/:id/deny',
    allowed: 'admin',
    denied: 'nobody',
    request: decision('deny', 'not now'),
  },
  {
    route: 'POST /governance/requests/:id/withdraw',
    allowed: 'admin',
    denied: 'nobody',
    request: decision('withdraw'),
  },
  {
    route: 'GET /inbox',
    allowed: 'admin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/inbox' }),
  },
];
