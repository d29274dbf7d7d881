import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { MembershipEntry } from './access-index.ts';
import type { AsOf } from '../platform/history/versions-query.ts';
import { groupSourceAsOf } from './index-as-of.ts';

/**
 * Where the decision point learns who is an effective member of a group, and when. The
 * groups capability (C6) keeps `group_effective_members` (one row per interval in which a
 * person is an effective member) and appends a `group_effective` change naming the group
 * and people whenever those rows change; the index reloads the pairs it names.
 */
export interface GroupMembershipSource {
  /** Effective-membership intervals of these groups (all members), or of these (group, person) pairs. */
  load(query: { groupIds?: number[]; personIds?: number[] }): Promise<MembershipEntry[]>;
  /** Whether the group exists (to refuse assignments to an unknown group). */
  exists(groupId: number): Promise<boolean>;
  /** The same source as it was at a past moment (issue 16); a source without history answers as it is. */
  asOf?(asOf: AsOf): GroupMembershipSource;
}

/** In memory, for unit tests and benchmarks. */
export class MemoryGroupSource implements GroupMembershipSource {
  rows: MembershipEntry[] = [];
  groups = new Set<number>();
  async load(query: { groupIds?: number[]; personIds?: number[] }): Promise<MembershipEntry[]> {
    return this.rows.filter(
      (r) =>
        (!query.groupIds || query.groupIds.includes(r.groupId)) &&
        (!query.personIds || query.personIds.includes(r.personId)),
    );
  }
  async exists(groupId: number): Promise<boolean> {
    return this.groups.has(groupId);
  }
}

/** Reads the groups capability's table; answers nothing while that table does not exist. */
export function dbGroupSource(db: Kysely<DB>): GroupMembershipSource {
  let present: boolean | null = null;
  const tablePresent = async () => {
    if (present) return true;
    const row = await sql<{ t: string | null }>`select to_regclass('group_effective_members')::text as t`.execute(db);
    present = row.rows[0]?.t != null;
    return present;
  };
  return {
    async load(query) {
      if (!(await tablePresent())) return [];
      if (query.groupIds?.length === 0 || query.personIds?.length === 0) return [];
      const groups = query.groupIds ? sql`and group_id = any(${query.groupIds}::bigint[])` : sql``;
      const people = query.personIds ? sql`and person_id = any(${query.personIds}::bigint[])` : sql``;
      const rows = await sql<{
        group_id: number;
        person_id: number;
        valid_from: Date | null;
        valid_until: Date | null;
      }>`
        select group_id, person_id, valid_from, valid_until from group_effective_members where true ${groups} ${people}`.execute(
        db,
      );
      return rows.rows.map((r) => ({
        groupId: r.group_id,
        personId: r.person_id,
        from: r.valid_from ? new Date(r.valid_from).getTime() : null,
        until: r.valid_until ? new Date(r.valid_until).getTime() : null,
      }));
    },
    asOf(asOf) {
      return groupSourceAsOf(db, this, asOf);
    },
    async exists(groupId) {
      const row = await sql<{ t: string | null }>`select to_regclass('groups')::text as t`.execute(db);
      if (row.rows[0]?.t == null) return false;
      const found = await sql`select 1 from groups where id = ${groupId}`.execute(db);
      return found.rows.length > 0;
    },
  };
}
