import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

/**
 * A held change written straight to the table: ending a fresh unit in faculty A (no one below it), as the guard keeps
 * one over its threshold. Those who may end the unit see and decide it; auditors see it and decide nothing.
 */
async function heldEnd(fx: RouteFixture, actor: ActorName): Promise<number> {
  const unit = await fx.addOrg(
    `HELD-${actor.toUpperCase()}-${Math.random().toString(36).slice(2, 8)}`,
    fx.org.facultyA,
  );
  const row = await fx.t
    .db()
    .selectFrom('org_units')
    .select(['path', 'version'])
    .where('id', '=', unit)
    .executeTakeFirstOrThrow();
  const held = await fx.t
    .db()
    .insertInto('held_changes')
    .values({
      kind: 'org.end',
      subject: `end unit ${unit}`,
      request: JSON.stringify({
        id: unit,
        version: row.version,
        body: { validTo: '2026-12-31', cascade: true, reason: 'closing' },
      }),
      permission: 'orgs:write',
      org_paths: JSON.stringify([row.path]),
      affected: 0,
      hold_above: 0,
      preview: JSON.stringify({
        counts: { people: 0, gains: 0, losses: 0, changes: 0, units: 0 },
        people: [],
        truncated: false,
      }),
      requested_by: 'root',
      requested_by_id: null,
      created_at: fx.t.clock.now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return held.id;
}

/** The mass-change guard's held changes and its threshold. */
export const heldChangeCases: RouteCase[] = [
  {
    route: 'GET /held-changes',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/held-changes' }),
  },
  {
    route: 'GET /held-changes/:id',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx, actor) => ({ method: 'GET', url: `/held-changes/${await heldEnd(fx, actor)}` }),
  },
  {
    route: 'POST /held-changes/:id/release',
    allowed: 'orgadmin',
    denied: 'auditor',
    request: async (fx, actor) => ({ method: 'POST', url: `/held-changes/${await heldEnd(fx, actor)}/release` }),
  },
  {
    route: 'POST /held-changes/:id/discard',
    allowed: 'orgadmin',
    denied: 'auditor',
    request: async (fx, actor) => ({
      method: 'POST',
      url: `/held-changes/${await heldEnd(fx, actor)}/discard`,
      payload: { reason: 'not now' },
    }),
  },
  {
    route: 'GET /settings/mass-change',
    allowed: 'orgadminElsewhere',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/settings/mass-change' }),
  },
  {
    route: 'PUT /settings/mass-change',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const etag = String((await fx.call('admin', { method: 'GET', url: '/settings/mass-change' })).headers.etag);
      return { method: 'PUT', url: '/settings/mass-change', headers: { 'if-match': etag }, payload: { holdAbove: 25 } };
    },
  },
];
