import { systemActor } from '../../../src/platform/auth/actor.ts';
import type { RouteCase } from '../route-case.ts';

const setup = systemActor('test');
let n = 0;

/** Decision clients: only system administrators list, create, rotate and revoke them (POST /oauth/token is public). */
export const decisionClientCases: RouteCase[] = [
  {
    route: 'GET /decision-clients',
    allowed: 'admin',
    denied: 'auditor',
    request: () => ({ method: 'GET', url: '/decision-clients' }),
  },
  {
    route: 'POST /decision-clients',
    allowed: 'admin',
    denied: 'auditor',
    request: () => ({ method: 'POST', url: '/decision-clients', payload: { name: `route-new-${++n}`, label: 'New' } }),
  },
  {
    route: 'POST /decision-clients/:name/secret',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const made = await fx.t.app.decisionClients.create(setup, { name: `route-rot-${++n}`, label: 'Spare' });
      return {
        method: 'POST',
        url: `/decision-clients/${made.clientId}/secret`,
        payload: {},
        headers: { 'if-match': '"1"' },
      };
    },
  },
  {
    route: 'DELETE /decision-clients/:name',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => {
      const made = await fx.t.app.decisionClients.create(setup, { name: `route-del-${++n}`, label: 'Spare' });
      return { method: 'DELETE', url: `/decision-clients/${made.clientId}`, headers: { 'if-match': '"1"' } };
    },
  },
];
