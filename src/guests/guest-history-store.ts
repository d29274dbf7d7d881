import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { Db } from './guest-store.ts';
import { guestReadScopes } from './guest-policy.ts';

/**
 * The guest records and guest requests of people, as audit targets, for a person's one history (issue 16: a guest who
 * becomes staff or a student has one history): the guests whose record is the person's, and the requests for them
 * (for the person, or for one of their guest records). Only those the actor reads as guest data (guest-policy.ts
 * `guestReadScopes`: a host or tenant unit, or a request's host unit, in their scope).
 */
export async function guestTargetsOf(
  db: Db,
  actor: Actor,
  personIds: number[],
): Promise<{ type: string; ids: string[] }[]> {
  const scopes = guestReadScopes(actor);
  if (personIds.length === 0 || (scopes !== null && scopes.length === 0)) return [];
  const inScope = (unit: ReturnType<typeof sql>) =>
    scopes === null
      ? sql`true`
      : sql`exists (select 1 from org_units su where su.id = ${unit} and su.path like any(${scopes.map((s) => `${s}%`)}::text[]))`;
  const { rows: guests } = await sql<{ id: number }>`
    select g.id from guests g where g.person_id = any(${personIds}::bigint[])
      and (${inScope(sql`g.host_org_id`)} or ${inScope(sql`g.tenant_org_id`)})`.execute(db);
  const guestIds = guests.map((g) => g.id);
  const { rows: requests } = await sql<{ id: number }>`
    select r.id from guest_requests r
    where (r.person_id = any(${personIds}::bigint[]) or r.guest_id = any(${guestIds}::bigint[]))
      and ${inScope(sql`r.host_org_id`)}`.execute(db);
  return [
    { type: 'guest', ids: guestIds.map(String) },
    { type: 'guest_request', ids: requests.map((r) => String(r.id)) },
  ].filter((t) => t.ids.length > 0);
}
