import { type ScimClient, ScimError } from './scim-connector.ts';
import type { SyncedUser, UserPlan } from './scim-plan-rules.ts';
import { joinsOf } from './scim-apply.ts';

/**
 * A page's group joins, sent at its end: one PATCH `add` per group with the members that join
 * it (at most `CHUNK` a request), never a replace of the member list. A person whose join the
 * application refuses fails; after a 429, 503 or a lost connection the joins stop there, and
 * the people still to join are not recorded, so the next pass plans them again (their users
 * are adopted and the joins sent again, which SCIM keeps without duplicates).
 */
export const CHUNK = 100;

export interface Written<T> {
  who: T;
  plan: UserPlan;
  next: SyncedUser | null;
}

export interface JoinResult<T> {
  refused: Map<Written<T>, string>;
  /** The busy or unreachable error that stopped the joins (null: all were sent). */
  stop: ScimError | null;
}

export async function writeJoins<T>(
  client: ScimClient,
  groupIds: Map<string, string>,
  written: Written<T>[],
): Promise<JoinResult<T>> {
  const byGroup = new Map<string, Written<T>[]>();
  for (const w of written)
    for (const key of joinsOf(w.plan)) {
      const gid = groupIds.get(key);
      if (gid && w.next) byGroup.set(gid, [...(byGroup.get(gid) ?? []), w]);
    }
  const refused = new Map<Written<T>, string>();
  for (const [gid, people] of byGroup)
    for (let i = 0; i < people.length; i += CHUNK) {
      const chunk = people.slice(i, i + CHUNK);
      try {
        await client.addMembers(
          gid,
          chunk.map((w) => w.next!.id),
        );
      } catch (e) {
        if (e instanceof ScimError && e.kind !== 'refused') return { refused, stop: e };
        for (const w of chunk) refused.set(w, e instanceof Error ? e.message : String(e));
      }
    }
  return { refused, stop: null };
}
