import type { RouteCase } from '../route-case.ts';

/** Accounts, tokens, audit and change-log routes. */
export const platformCases: RouteCase[] = [
  { route: 'GET /auth/me', allowed: 'nobody', denied: 'nobody', request: () => ({ method: 'GET', url: '/auth/me' }) },
  {
    route: 'POST /auth/password',
    allowed: 'nobody',
    denied: 'nobody',
    request: () => ({ method: 'POST', url: '/auth/password', payload: { password: 'correct horse battery' } }),
  },
  { route: 'GET /tokens', allowed: 'nobody', denied: 'nobody', request: () => ({ method: 'GET', url: '/tokens' }) },
  {
    route: 'POST /tokens',
    allowed: 'admin',
    denied: 'auditor',
    // Creating a token for someone else is an administrator's act.
    request: async (fx) => {
      const me = (await fx.call('nobody', { method: 'GET', url: '/auth/me' })).json();
      return { method: 'POST', url: '/tokens', payload: { name: 'for nobody', userId: me.id } };
    },
  },
  {
    route: 'DELETE /tokens/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const created = (await fx.call('nobody', { method: 'POST', url: '/tokens', payload: { name: 'spare' } })).json();
      return { method: 'DELETE', url: `/tokens/${created.tokenInfo.id}` };
    },
  },
  // Private since issue 13: system administrators and auditors (or the scraper's STEWARD_METRICS_TOKEN).
  {
    route: 'GET /metrics',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/metrics' }),
  },
  { route: 'GET /users', allowed: 'admin', denied: 'auditor', request: () => ({ method: 'GET', url: '/users' }) },
  {
    route: 'GET /users/:id',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'GET',
      url: `/users/${(await fx.call('auditor', { method: 'GET', url: '/auth/me' })).json().id}`,
    }),
  },
  {
    route: 'POST /users',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({
      method: 'POST',
      url: '/users',
      payload: { username: `made-by-${actor.toLowerCase()}`, displayName: 'New', roles: [{ role: 'auditor' }] },
    }),
  },
  {
    route: 'GET /audit',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/audit?limit=5' }),
  },
  {
    route: 'POST /audit/verify',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'POST', url: '/audit/verify' }),
  },
  {
    route: 'GET /changes',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/changes?after=0&limit=5' }),
  },
  {
    route: 'GET /schedule',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/schedule' }),
  },
  {
    route: 'GET /schedule/:name',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/schedule/status-recompute' }),
  },
  {
    route: 'PUT /schedule/:name',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'PUT',
      url: '/schedule/status-recompute',
      headers: {
        'if-match': String((await fx.call('admin', { method: 'GET', url: '/schedule/status-recompute' })).headers.etag),
      },
      payload: { cron: '45 2 * * *' },
    }),
  },
  {
    route: 'POST /schedule/:name/runs',
    allowed: 'admin',
    denied: 'auditor',
    request: () => ({ method: 'POST', url: '/schedule/status-recompute/runs' }),
  },
];
