import type { RouteCase } from '../route-case.ts';
import type { RouteFixture } from '../route-fixture.ts';

/**
 * Authorisation cases for following long jobs: system administrators and auditors read every job, an account the
 * jobs it started (another's is refused), a decision client none.
 */
async function adminJob(fx: RouteFixture): Promise<number> {
  // Whatever the recompute would change, it is not held by the mass-change guard here: this is about the job.
  const guard = await fx.call('admin', { method: 'GET', url: '/settings/mass-change' });
  await fx.call('admin', {
    method: 'PUT',
    url: '/settings/mass-change',
    headers: { 'if-match': String(guard.headers.etag) },
    payload: { holdAbove: 10_000_000 },
  });
  const r = await fx.call('admin', { method: 'POST', url: '/statuses/recompute?wait=false', payload: {} });
  if (r.statusCode !== 202) throw new Error(`expected a job: ${r.body}`);
  await fx.t.app.jobs.settled();
  return r.json().id;
}

export const jobsCases: RouteCase[] = [
  {
    route: 'GET /jobs',
    allowed: 'auditor',
    denied: 'client',
    request: () => ({ method: 'GET', url: '/jobs?kind=status-recompute&limit=10' }),
  },
  {
    route: 'GET /jobs/:id',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/jobs/${await adminJob(fx)}` }),
  },
];
