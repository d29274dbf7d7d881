import type { Permission } from '../../src/platform/auth/policy.ts';

/**
 * What a private route asks of its caller, by kind:
 * - a permission of `policy.ts` (`can()` decides), with what else opens the route: `party` (a guest's guarantor and
 *   sponsor; guest readers only within `guestReadScopes`), `privileged` (a holder of a group privilege), `own` (the
 *   account itself: its own user record and tokens); `hides`: a row the caller may not see answers 404;
 * - `self`: every signed-in account (its own profile, password, tokens, mail preferences);
 * - `request`: open to every signed-in account (`guests:request`: guest requests; opting in and out of a group), the
 *   use case then checks the account's person, desk or approver role, so it may still refuse.
 */
type Extra = { party?: true; privileged?: true; own?: true; hides?: true };
export type RouteNeed =
  ({ kind: 'permission'; permission: Permission } & Extra) | { kind: 'self' } | { kind: 'request' };

const self: RouteNeed = { kind: 'self' };
const request: RouteNeed = { kind: 'request' };
const need = (permission: Permission, extra: Extra = {}): RouteNeed => ({
  kind: 'permission',
  permission,
  ...extra,
});

/** Routes whose need is not the family's rule below. */
const exact: Record<string, RouteNeed> = {
  'GET /auth/me': self,
  // The date a duration comes to: the guest request form shows it to whoever asks for a guest.
  'GET /calendars/resolve': self,
  'POST /auth/password': self,
  'GET /tokens': self,
  // Creating or revoking a token of another account (the cases' requests do) is an account administrator's act.
  'POST /tokens': need('accounts:manage', { own: true }),
  'DELETE /tokens/:id': need('accounts:manage', { own: true }),
  'GET /users/:id': need('accounts:manage', { own: true }),
  // Access reviews: each account sees the campaigns it owns or reviews in, and the groups it administers that are due.
  'GET /reviews': self,
  'GET /reviews/attestation/due': self,
  'POST /groups/:id/opt-in': request,
  'POST /groups/:id/opt-out': request,
  'GET /mail/preferences': self,
  'PUT /mail/preferences': self,
  'POST /check': need('access:check'),
  'POST /check/batch': need('access:check'),
  'GET /metrics': need('ops:metrics'),
  'POST /audit/verify': need('audit:read'),
  'GET /changes': need('changes:read'),
  'POST /guests/requests': request,
  'GET /guests/requests': request,
  'GET /guests/requests/:id': request,
  'POST /guests/requests/:id/approve': request,
  'POST /guests/requests/:id/reject': request,
  'POST /guests/requests/:id/withdraw': request,
  'POST /guests/:id/renewal-requests': request,
  'GET /guests/request-options': request,
  'GET /guests/inbox': request,
  'POST /guests/duplicate-hints': request,
  'GET /guests/reports/waiting-by-approver': need('guests:read'),
  'GET /guests/:id': need('guests:read', { party: true }),
  'GET /guests/:id/transitions': need('guests:read', { party: true }),
  'POST /guests/sweep': need('guests:configure'),
  // Held mass changes: listed by whoever holds a guarded route's permission (each sees what it may read), decided
  // by whoever may make the change (the cases hold a unit's end: orgs:write on the unit).
  'GET /held-changes': need('changes:read', { privileged: true }),
  'GET /held-changes/:id': need('changes:read', { privileged: true, hides: true }),
  'POST /held-changes/:id/release': need('orgs:write'),
  'POST /held-changes/:id/discard': need('orgs:write'),
  'POST /imports/orgs': need('imports:run'),
  'POST /imports/people': need('imports:run'),
  'POST /people': need('people:create'),
  'POST /people/:id/merge': need('people:merge'),
  'POST /people/:id/mint': need('people:mint'),
  'POST /minting/batch': need('people:mint'),
  'POST /people/duplicates': need('people:read'),
  'GET /people/:id/provisioning': need('people:read'),
  'POST /people/:id/statuses/refresh': need('people:update'),
  'GET /settings/minting': need('settings:read'),
  'PUT /settings/minting': need('settings:write'),
  'POST /feeds/:name/pulls': need('feeds:pull'),
  'GET /feeds/:name/output': need('feeds:pull'),
  'GET /feeds/:name/changes': need('feeds:pull'),
  'POST /sources/:name/snapshots': need('sources:feed'),
  'PUT /sources/:name/records/:recordKey': need('sources:feed'),
  'DELETE /sources/:name/records/:recordKey': need('sources:feed'),
  'PUT /streams/:name/values': need('streams:manage'),
  'GET /streams/:name/people': need('streams:read'),
  'POST /access/assignments': need('access:assign'),
  'PATCH /access/assignments/:id': need('access:assign', { hides: true }),
  'DELETE /access/assignments/:id': need('access:assign', { hides: true }),
  // Grace and notice: the reconcile is system administrators'; holds are also their groups' admins'.
  'POST /governance/reconcile': need('groups:manage'),
  'GET /governance/holds': need('groups:read', { privileged: true }),
  'GET /governance/holds/:id': need('groups:read', { privileged: true }),
  'POST /governance/holds/:id/release': need('groups:manage', { privileged: true }),
  'POST /governance/holds/:id/discard': need('groups:manage', { privileged: true }),
  // Long jobs: every job for holders of jobs:read, the jobs it started for any account.
  'GET /jobs': need('jobs:read', { own: true }),
  'GET /jobs/:id': need('jobs:read', { own: true }),
  // The configuration as a file: a diff changes nothing, so whoever may export may ask for one.
  'POST /config/diff': need('config:export'),
};

/** A family of routes by its first path segment: the permission to read it and the one to change it. */
const families: Record<string, [read: Permission, write: Permission]> = {
  access: ['access:read', 'access:configure'],
  audit: ['audit:read', 'audit:read'],
  config: ['config:export', 'config:apply'],
  calendars: ['orgs:read', 'orgs:configure'],
  'decision-clients': ['accounts:manage', 'accounts:manage'],
  users: ['accounts:manage', 'accounts:manage'],
  feeds: ['feeds:read', 'feeds:configure'],
  'guest-lifecycles': ['guests:read', 'guests:configure'],
  'guest-types': ['guests:read', 'guests:configure'],
  guests: ['guests:read', 'guests:manage'],
  identifiers: ['people:read', 'people:update'],
  loans: ['loans:read', 'loans:manage'],
  mail: ['mail:read', 'mail:configure'],
  'org-kinds': ['orgs:read', 'orgs:configure'],
  orgs: ['orgs:read', 'orgs:write'],
  people: ['people:read', 'people:update'],
  provision: ['provision:read', 'provision:configure'],
  schedule: ['schedule:read', 'schedule:configure'],
  snapshots: ['sources:read', 'sources:feed'],
  sources: ['sources:read', 'sources:configure'],
  'status-types': ['status:read', 'status:configure'],
  statuses: ['status:read', 'status:configure'],
  streams: ['streams:read', 'streams:configure'],
};

/** Settings pages belong to the family they configure. */
const settings: Record<string, [read: Permission, write: Permission]> = {
  guests: ['guests:read', 'guests:configure'],
  loans: ['loans:read', 'loans:configure'],
  status: ['status:read', 'status:configure'],
  'mass-change': ['settings:read', 'settings:write'],
};

/** What the route (method and pattern, as the OpenAPI document names it) asks of its caller. */
export function needOf(route: string): RouteNeed {
  if (exact[route]) return exact[route];
  const [method, path] = route.split(' ');
  const [, first, second] = path.split('/');
  const read = method === 'GET';
  // Membership governance: requests and the one inbox are self-service; accounts follow the registry; policies,
  // exclusions and an account's group memberships follow group privileges.
  if (first === 'inbox' || (first === 'governance' && second === 'requests')) return request;
  if (first === 'governance' && second === 'accounts' && !(path.includes('/memberships') && !read))
    return need(read ? 'people:read' : 'people:update');
  // Groups and folders: system administrators manage, auditors read, everyone else acts through group privileges.
  // Groups, folders, governance and access reviews: system administrators manage, auditors read, everyone else acts
  // through group privileges (a review: as its owner or a reviewer).
  if (first === 'groups' || first === 'folders' || first === 'governance' || first === 'reviews')
    return need(read ? 'groups:read' : 'groups:manage', { privileged: true });
  const family = first === 'settings' ? settings[second] : families[first];
  if (!family) throw new Error(`no authorisation need declared for ${route}`);
  return need(read ? family[0] : family[1]);
}
