import { type Kysely, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { DB } from '../platform/db/schema.ts';
import { isoDate } from '../platform/dates.ts';
import { notFound } from '../platform/errors.ts';
import type { PersonTarget } from './provision-schemas.ts';
import { resolveTargetSelection, selectedAmong } from './selection-query.ts';
import { definitionOf } from './target-store.ts';
import type { WrittenAccount } from './ldap/account-sync.ts';
import type { Clock } from '../platform/clock.ts';

/**
 * A person's provisioning, per target, for the person page: whether the target selects
 * them and by which rule, the object's name there, its groups, the last write, and any
 * change still queued with its error. Read by whoever may read the person.
 */
export async function personTargets(
  deps: { db: Kysely<DB>; clock: Clock },
  actor: Actor,
  personId: number,
): Promise<PersonTarget[]> {
  authorise(actor, 'people:read');
  const { db } = deps;
  const person = await db.selectFrom('people').select(['id', 'state']).where('id', '=', personId).executeTakeFirst();
  if (!person) throw notFound('person', personId);
  const now = deps.clock.now();
  const targets = await db
    .selectFrom('provision_targets')
    .selectAll()
    .where('kind', 'in', ['ldap', 'scim'])
    .orderBy('name')
    .execute();
  const out: PersonTarget[] = [];
  for (const t of targets) {
    const def = definitionOf(t);
    const sel = await resolveTargetSelection(db, def.selection);
    const why = (await selectedAmong(db, sel, [personId], isoDate(now), now)).get(personId);
    const { rows } = await sql<{
      remote_id: string | null;
      state: string | null;
      written: WrittenAccount | null;
      written_at: Date | null;
      pending_state: string | null;
      attempts: number | null;
      next_at: Date | null;
      last_error: string | null;
    }>`
      select o.remote_id, o.state, o.written, o.written_at, p.state as pending_state, p.attempts, p.next_at, p.last_error
      from (select 1) one
      left join provision_objects o on o.target_id = ${t.id} and o.object_type = 'person' and o.object_id = ${personId}
      left join provision_pending p on p.target_id = ${t.id} and p.object_type = 'person' and p.object_id = ${personId}`.execute(
      db,
    );
    const r = rows[0];
    out.push({
      target: t.name,
      label: t.label,
      kind: t.kind,
      provisioned: r.state === 'active',
      why: why
        ? `selected: holds ${why.status}${why.unit ? ` through ${why.unit}` : ''}${def.selection.groups.length ? ` and is in ${def.selection.groups.join(' or ')}` : ''}`
        : person.state === 'merged'
          ? 'not selected: the record was merged into another'
          : `not selected: holds none of ${[...def.selection.statuses, ...def.selection.streams.map((s) => `${s.stream}.${s.field}=${s.value}`)].join(', ')}${def.selection.orgUnits.length ? ` in ${def.selection.orgUnits.join(', ')}` : ''}${def.selection.groups.length ? ` with membership of ${def.selection.groups.join(' or ')}` : ''}`,
      remoteId: r.remote_id,
      state: r.state,
      groups: r.written?.groups ?? [],
      lastWrite: r.written_at ? new Date(r.written_at).toISOString() : null,
      pending: r.pending_state
        ? {
            state: r.pending_state,
            attempts: r.attempts!,
            nextAt: new Date(r.next_at!).toISOString(),
            lastError: r.last_error,
          }
        : null,
    });
  }
  return out;
}
