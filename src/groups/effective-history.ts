import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { AsOf } from '../platform/history/versions-query.ts';
import { effectiveAsOf, type MembershipRow } from './effective-as-of.ts';
import type { EffectiveView, MembershipView } from './group-schemas.ts';
import type { Members } from './effective.ts';
import { covers } from './intervals.ts';

/**
 * `GET /groups/:id/members/effective` for a past date or a recorded time (issue 16): the same view as today's, answered
 * from the history of versions, so a deleted membership, a revoked one or an earlier definition still counts for the
 * dates it held.
 */
const iso = (x: number | Date | null) => (x === null ? null : new Date(x).toISOString());

export async function effectiveViewsAsOf(
  db: Kysely<DB>,
  groupId: number,
  asOf: AsOf,
  all: boolean,
): Promise<EffectiveView[]> {
  const { members, memberships, groups } = await effectiveAsOf(db, [groupId], asOf);
  const found: Members = members.get(groupId) ?? new Map();
  const spans = [...found.entries()].flatMap(([personId, list]) =>
    list.filter((s) => all || covers([s], asOf.at.getTime())).map((s) => ({ personId, ...s })),
  );
  const personIds = [...new Set(spans.map((s) => s.personId))];
  for (const m of memberships.values()) if (m.member_person_id !== null) personIds.push(m.member_person_id);
  const people = new Map(
    (personIds.length
      ? await db
          .selectFrom('people')
          .select(['id', 'given_name', 'preferred_name', 'family_name'])
          .where('id', 'in', [...new Set(personIds)])
          .execute()
      : []
    ).map((p) => [p.id, p]),
  );
  const groupIds = new Set([...groups.keys(), ...spans.flatMap((s) => s.why.path)]);
  const names = new Map(
    (groupIds.size
      ? await db
          .selectFrom('groups')
          .select(['id', 'name'])
          .where('id', 'in', [...groupIds])
          .execute()
      : []
    ).map((g) => [g.id, g.name]),
  );
  for (const g of groups.values()) names.set(g.id, g.name);
  const nameOf = (id: number) => {
    const p = people.get(id);
    return p ? `${p.preferred_name ?? p.given_name} ${p.family_name}` : `#${id}`;
  };
  const view = (m: MembershipRow): MembershipView => ({
    id: m.id,
    groupId: m.group_id,
    groupName: names.get(m.group_id) ?? `#${m.group_id}`,
    personId: m.member_person_id,
    personName: m.member_person_id === null ? null : nameOf(m.member_person_id),
    memberGroupId: m.member_group_id,
    memberGroupName: m.member_group_id === null ? null : (names.get(m.member_group_id) ?? `#${m.member_group_id}`),
    reason: m.reason,
    ticket: m.ticket,
    requestedBy: m.requested_by,
    approvedBy: m.approved_by,
    addedBy: m.added_by,
    addedAt: iso(m.added_at)!,
    enabledFrom: iso(m.enabled_from),
    disabledAt: iso(m.disabled_at),
    version: m.version,
  });
  const sortKey = (id: number) => {
    const p = people.get(id);
    return [p?.family_name ?? '', p?.given_name ?? ''];
  };
  spans.sort((a, b) => {
    const [fa, ga] = sortKey(a.personId);
    const [fb, gb] = sortKey(b.personId);
    return (
      (fa < fb ? -1 : fa > fb ? 1 : 0) ||
      (ga < gb ? -1 : ga > gb ? 1 : 0) ||
      a.personId - b.personId ||
      (a.from ?? -Infinity) - (b.from ?? -Infinity)
    );
  });
  return spans.map((s) => {
    const m = s.why.membershipId === null ? undefined : memberships.get(s.why.membershipId);
    return {
      personId: s.personId,
      personName: nameOf(s.personId),
      validFrom: iso(s.from),
      validUntil: iso(s.until),
      why: {
        membership: m ? view(m) : null,
        path: s.why.path.map((id) => ({ id, name: names.get(id) ?? `#${id}` })),
        rule: s.why.membershipId === null,
      },
    };
  });
}
