import type { RouteCase } from '../route-case.ts';
import type { RouteFixture } from '../route-fixture.ts';

/** Authorisation cases for the configuration as a file: auditors export and diff, only system administrators apply. */
async function current(fx: RouteFixture): Promise<unknown> {
  return (await fx.call('admin', { method: 'GET', url: '/config/export' })).json();
}

export const configFileCases: RouteCase[] = [
  {
    route: 'GET /config/export',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: () => ({ method: 'GET', url: '/config/export?format=yaml' }),
  },
  {
    route: 'POST /config/diff',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'POST', url: '/config/diff', payload: (await current(fx)) as object }),
  },
  {
    route: 'POST /config/apply',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({ method: 'POST', url: '/config/apply', payload: (await current(fx)) as object }),
  },
];
