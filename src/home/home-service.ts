import { sql } from 'kysely';
import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import { addDays, isoDate } from '../platform/dates.ts';
import { forbidden, StewardError } from '../platform/errors.ts';
import { personOfActor } from '../guests/requests/request-store.ts';
import type { HomeView } from './home-schemas.ts';

/** Days ahead in which a guest's end counts as expiring on the home page. */
export const EXPIRING_WITHIN = 30;

type HomeDeps = Pick<App, 'db' | 'clock' | 'governance' | 'reviews' | 'snapshots' | 'provision'>;

/**
 * The home page's "what needs me": read-only, each item asked of the use case that owns it (so each is authorised as
 * it is there), plus the guests the account's person vouches for. Items for operators (held snapshots, provisioning)
 * are null for an account that does not operate them.
 */
export function createHomeService(app: HomeDeps) {
  const { db, clock } = app;

  async function expiringGuests(actor: Actor): Promise<HomeView['expiringGuests']> {
    const personId = await personOfActor(db, actor);
    const on = isoDate(clock.now());
    const until = addDays(on, EXPIRING_WITHIN);
    if (personId === null) return { count: 0, within: EXPIRING_WITHIN, items: [] };
    // A guest in a terminal state of its lifecycle (ended, refused) no longer needs anyone.
    const rows = await db
      .selectFrom('guests as g')
      .innerJoin('people as p', 'p.id', 'g.person_id')
      .innerJoin('guest_types as t', 't.id', 'g.type_id')
      .innerJoin('guest_lifecycles as l', 'l.name', 't.lifecycle')
      .select(['g.id', 'g.state', 'g.valid_to', 'p.given_name', 'p.family_name'])
      .where(sql<boolean>`coalesce(g.guarantor_id, g.sponsor_id) = ${personId}`)
      .where('g.valid_to', '>=', on)
      .where('g.valid_to', '<=', until)
      .where(
        sql<boolean>`not exists (select 1 from jsonb_array_elements(l.definition -> 'states') s
          where s ->> 'name' = g.state and coalesce((s ->> 'terminal')::boolean, false))`,
      )
      .orderBy('g.valid_to')
      .orderBy('g.id')
      .execute();
    return {
      count: rows.length,
      within: EXPIRING_WITHIN,
      items: rows.slice(0, 10).map((r) => ({
        guestId: r.id,
        personName: `${r.given_name} ${r.family_name}`,
        validTo: String(r.valid_to),
        state: r.state,
      })),
    };
  }

  async function heldSnapshots(actor: Actor): Promise<HomeView['heldSnapshots']> {
    if (!can(actor, 'sources:feed')) return null;
    return { count: (await app.snapshots.listSnapshots(actor, { state: 'held', limit: 500 })).length };
  }

  async function provisioning(actor: Actor): Promise<HomeView['provisioning']> {
    if (!can(actor, 'provision:configure')) return null;
    const targets = await app.provision.targets.list(actor);
    return {
      errors: targets.reduce((n, t) => n + t.counts.errors, 0),
      heldTargets: targets.filter((t) => t.hold !== null).length,
    };
  }

  /** The one inbox; an account that approves nothing (no person, no desk) is refused there and waits for nothing. */
  async function approvals(actor: Actor) {
    try {
      return await app.governance.inbox.inbox(actor);
    } catch (e) {
      if (e instanceof StewardError && e.code === 'forbidden') return [];
      throw e;
    }
  }

  async function home(actor: Actor): Promise<HomeView> {
    if (actor.kind !== 'user') throw forbidden(`${actor.name} has no home page: it is not a person's account`);
    const [inbox, campaigns, expiring, snapshots, targets] = await Promise.all([
      approvals(actor),
      app.reviews.campaigns.list(actor, { state: 'open' }),
      expiringGuests(actor),
      heldSnapshots(actor),
      provisioning(actor),
    ]);
    const mine = campaigns.filter((c) => c.mine.undecided > 0);
    return {
      approvals: { count: inbox.length },
      reviews: {
        count: mine.reduce((n, c) => n + c.mine.undecided, 0),
        campaigns: mine.map((c) => ({ id: c.id, label: c.label, undecided: c.mine.undecided, deadline: c.deadline })),
      },
      expiringGuests: expiring,
      heldSnapshots: snapshots,
      provisioning: targets,
    };
  }

  return { home };
}
