import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { isoDate } from '../../platform/dates.ts';
import { provisionFacts } from '../person-facts-query.ts';
import { afterFailure } from '../retry-time.ts';
import { type DirectoryGroup, membershipsOf, type Resolved, selectedAmong } from '../selection-query.ts';
import type { TargetDefinition } from '../target-definition.ts';
import { type ScimClient, ScimError } from './scim-connector.ts';
import type { DesiredUser, UserAction } from './scim-plan-rules.ts';
import { joinsOf, writeOwn } from './scim-apply.ts';
import { writeJoins, type Written } from './scim-joins.ts';
import { desiredUser } from './scim-resource-rules.ts';
import { holdQueueUntil, recordUsers, syncedUsers, type UserFailure, type UserOutcome } from './scim-sync-store.ts';

/**
 * The users part of a SCIM pass: the due queued people a page at a time — their facts,
 * whether they are selected, the pushed groups they are in, what was last written — planned
 * and written person by person, and recorded per page in one transaction. A person the
 * application refuses goes back to the queue with its message and the next try. A 429 or 503
 * puts the person back with the next try at `Retry-After` at the earliest, holds the rest of
 * the queue as long, and stops the pass; an application that cannot be reached stops it too.
 */
type Db = Kysely<DB>;
export const SCIM_PAGE = 200;

export interface ScimPassDeps {
  db: Db;
  client: ScimClient;
  targetId: number;
  def: TargetDefinition;
  selection: Resolved;
  groups: DirectoryGroup[];
  /** Group key → the group's SCIM id. */
  groupIds: Map<string, string>;
  now: Date;
}

export type ScimCounts = Record<UserAction | 'failed', number>;
export const noScimActions = (): ScimCounts => ({
  create: 0,
  update: 0,
  enable: 0,
  disable: 0,
  delete: 0,
  none: 0,
  failed: 0,
});

export type Wanted = { desired: DesiredUser | null; error?: string };

/** What each of `ids` should be in the application (null: no user), or why it cannot be said. */
export async function desiredUsers(deps: Omit<ScimPassDeps, 'client'>, ids: number[]): Promise<Map<number, Wanted>> {
  const { db, now } = deps;
  const today = isoDate(now);
  const facts = await provisionFacts(db, ids, today);
  const selected = await selectedAmong(db, deps.selection, ids, today, now);
  const member = await membershipsOf(db, deps.groups, ids, now);
  const out = new Map<number, Wanted>();
  for (const id of ids) {
    const f = facts.get(id);
    if (!f || !selected.has(id)) {
      out.set(id, { desired: null });
      continue;
    }
    const keys = member.get(id) ?? new Set<string>();
    const groups = deps.groups.filter((g) => keys.has(g.key) && deps.groupIds.has(g.key));
    const r = desiredUser(
      { ...f, groups: groups.map((g) => g.name) },
      deps.def.mappings,
      groups.map((g) => g.key),
    );
    out.set(id, r.ok ? { desired: r.user } : { desired: null, error: r.error });
  }
  return out;
}

interface Due {
  id: number;
  since: Date;
  attempts: number;
}

async function duePage(db: Db, targetId: number, now: Date, after: number): Promise<Due[]> {
  const rows = await db
    .selectFrom('provision_pending')
    .select(['object_id', 'since', 'attempts'])
    .where('target_id', '=', targetId)
    .where('object_type', '=', 'person')
    .where('state', '<>', 'waiting')
    .where('next_at', '<=', now)
    .where('object_id', '>', after)
    .orderBy('object_id')
    .limit(SCIM_PAGE)
    .execute();
  return rows.map((r) => ({ id: r.object_id, since: r.since as Date, attempts: r.attempts }));
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs the due queued people. Throws (ScimError) when the application cannot be reached or asks to wait. */
export async function syncScimUsers(deps: ScimPassDeps, counts: ScimCounts): Promise<void> {
  const { db, targetId, def, now } = deps;
  let after = 0;
  for (;;) {
    const page = await duePage(db, targetId, now, after);
    if (page.length === 0) return;
    after = page[page.length - 1].id;
    const ids = page.map((p) => p.id);
    const wanted = await desiredUsers(deps, ids);
    const synced = await syncedUsers(db, targetId, ids);
    const done: UserOutcome[] = [];
    const failed: UserFailure[] = [];
    const fail = (p: Due, error: string) => {
      const next = afterFailure(p.attempts + 1, def.maxAttempts, now);
      counts.failed += 1;
      failed.push({ id: p.id, since: p.since, error, state: next.state, nextAt: next.nextAt });
    };
    let stop: ScimError | null = null;
    const written: Written<Due>[] = [];
    const options = { lifecycle: def.lifecycle, now };
    for (const due of page) {
      const w = wanted.get(due.id)!;
      if (w.error) {
        fail(due, w.error);
        continue;
      }
      try {
        const { plan, next } = await writeOwn(
          deps.client,
          deps.groupIds,
          w.desired,
          synced.get(due.id) ?? null,
          options,
        );
        written.push({ who: due, plan, next });
      } catch (e) {
        if (!(e instanceof ScimError) || e.kind === 'refused') {
          fail(due, message(e));
          continue;
        }
        stop = e;
        // Asked to wait: this person's try is not counted; the whole queue waits as long (below).
        if (e.kind === 'busy')
          failed.push({
            id: due.id,
            since: due.since,
            error: e.message,
            state: 'retrying',
            nextAt: e.retryAt!,
            throttled: true,
          });
        break;
      }
    }
    const joins = stop ? null : await writeJoins(deps.client, deps.groupIds, written);
    stop ??= joins?.stop ?? null;
    for (const w of written) {
      const refused = joins?.refused.get(w);
      if (refused !== undefined) fail(w.who, refused);
      else if (stop && joinsOf(w.plan).length) continue;
      else {
        done.push({ id: w.who.id, since: w.who.since, next: w.next });
        counts[w.plan.action] += 1;
      }
    }
    await recordUsers(db, targetId, done, failed, now);
    if (stop?.kind === 'busy') await holdQueueUntil(db, targetId, stop.retryAt!);
    if (stop) throw stop;
  }
}
