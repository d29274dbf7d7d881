import type { ActorName, RouteFixture } from '../route-fixture.ts';
import type { RouteCase } from '../route-case.ts';

/** The ETag of a resource as an administrator reads it, for routes that need If-Match. */
async function etagOf(fx: RouteFixture, url: string): Promise<string> {
  return String((await fx.call('admin', { method: 'GET', url })).headers.etag);
}

const tag = (actor: ActorName) => actor.toLowerCase();

/**
 * Authorisation cases for the organisation routes. Organisation administrators (scope
 * facultyA) may write inside their subtree only; the one scoped to facultyB may not write
 * there. Reads need any role. Kinds and imports belong to system administrators.
 */
export const orgsCases: RouteCase[] = [
  {
    route: 'GET /org-kinds',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/org-kinds' }),
  },
  {
    route: 'GET /org-kinds/:kind',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/org-kinds/department' }),
  },
  {
    route: 'POST /org-kinds',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({
      method: 'POST',
      url: '/org-kinds',
      payload: { kind: `lab-${tag(actor)}`, label: 'Laboratory', fields: [{ name: 'safety_officer', type: 'string' }] },
    }),
  },
  {
    route: 'PUT /org-kinds/:kind',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => ({
      method: 'PUT',
      url: '/org-kinds/virtual',
      headers: { 'if-match': await etagOf(fx, '/org-kinds/virtual') },
      payload: { label: `Virtual unit (${actor})`, fields: [{ name: 'purpose', type: 'string' }] },
    }),
  },
  { route: 'GET /orgs', allowed: 'auditor', denied: 'nobody', request: () => ({ method: 'GET', url: '/orgs?q=DEP' }) },
  {
    route: 'GET /orgs/tree',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/orgs/tree?depth=2' }),
  },
  {
    route: 'POST /orgs',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: (fx, actor) => ({
      method: 'POST',
      url: '/orgs',
      payload: { code: `NEW-${tag(actor)}`, kind: 'department', name: 'New department', parentId: fx.org.facultyA },
    }),
  },
  {
    route: 'GET /orgs/:id',
    allowed: 'auditor',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/orgs/${fx.org.deptA}` }),
  },
  {
    route: 'PATCH /orgs/:id',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx, actor) => ({
      method: 'PATCH',
      url: `/orgs/${fx.org.deptA}`,
      headers: { 'if-match': await etagOf(fx, `/orgs/${fx.org.deptA}`) },
      payload: { name: `Department A (${actor})` },
    }),
  },
  {
    route: 'POST /orgs/:id/move',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx, actor) => {
      const id = await fx.addOrg(`MOVE-${tag(actor)}`, fx.org.deptA);
      return {
        method: 'POST',
        url: `/orgs/${id}/move`,
        headers: { 'if-match': await etagOf(fx, `/orgs/${id}`) },
        payload: { parentId: fx.org.facultyA },
      };
    },
  },
  {
    route: 'POST /orgs/:id/end',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx, actor) => {
      const id = await fx.addOrg(`END-${tag(actor)}`, fx.org.facultyA);
      return {
        method: 'POST',
        url: `/orgs/${id}/end`,
        headers: { 'if-match': await etagOf(fx, `/orgs/${id}`) },
        payload: { validTo: '2026-12-31', reason: 'merged away' },
      };
    },
  },
  {
    route: 'GET /orgs/:id/people',
    allowed: 'orgadminElsewhere',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/orgs/${fx.org.facultyA}/people?subtree=true` }),
  },
  {
    route: 'GET /orgs/:id/officers',
    allowed: 'auditor',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/orgs/${fx.org.deptA}/officers` }),
  },
  {
    route: 'POST /orgs/:id/officers',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: (fx, actor) => ({
      method: 'POST',
      url: `/orgs/${fx.org.deptA}/officers`,
      payload: { personId: fx.person.inA, function: 'approver', roleName: `Head (${actor})` },
    }),
  },
  {
    route: 'DELETE /orgs/:id/officers/:officerId',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx, actor) => {
      const made = await fx.call('admin', {
        method: 'POST',
        url: `/orgs/${fx.org.deptA}/officers`,
        payload: { personId: fx.person.inA, function: 'administrator', roleName: `Temp (${actor})` },
      });
      return { method: 'DELETE', url: `/orgs/${fx.org.deptA}/officers/${made.json().id}` };
    },
  },
  {
    route: 'POST /imports/orgs',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({
      method: 'POST',
      url: '/imports/orgs?dryRun=false',
      headers: { 'content-type': 'text/csv' },
      payload: `code,parent_code,kind,name\nIMP-${tag(actor)},FACA,department,Imported\n`,
    }),
  },
];
