import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, notFound } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { attachIdentifiers } from './identifier-store.ts';
import { type IdentifierInput, normaliseIdentifier } from './identifiers.ts';
import type { Identifier } from './person-schemas.ts';
import type { PersonRecords } from './person-records.ts';
import type { IdentifierMatch } from './person-schemas.ts';
import { loadSummaries, survivorOf } from './person-store.ts';

/**
 * Identifiers as a way in: add or remove one on a person, and resolve any value (even one
 * that belonged to a record since merged away) to the person who holds it now. Changes go through the records
 * service's scoped person loader.
 */
export function createIdentifierService(deps: ServiceDeps, records: PersonRecords) {
  const { db } = deps;

  async function withPeople(
    rows: { kind: string; scope: string; value: string; person_id: number; reservedOnly: boolean }[],
  ): Promise<IdentifierMatch[]> {
    const resolved = await Promise.all(rows.map(async (r) => ({ ...r, survivor: await survivorOf(db, r.person_id) })));
    const people = await loadSummaries(db, [...new Set(resolved.map((r) => r.survivor))]);
    return resolved.map((r) => ({
      kind: r.kind,
      scope: r.scope,
      value: r.value,
      personId: r.survivor,
      via: r.survivor === r.person_id ? null : r.person_id,
      reservedOnly: r.reservedOnly,
      person: people.get(r.survivor)!,
    }));
  }

  /** Every identifier (any kind) whose value equals `value`, case-insensitively, with its person. */
  async function find(actor: Actor, value: string, kind?: string): Promise<IdentifierMatch[]> {
    authorise(actor, 'people:read');
    let q = db
      .selectFrom('identifiers')
      .select(['kind', 'scope', 'value', 'person_id'])
      .where(sql<string>`lower(value)`, '=', value.trim().toLowerCase());
    if (kind) q = q.where('kind', '=', kind);
    const rows = await q.orderBy('kind').limit(50).execute();
    return withPeople(rows.map((r) => ({ ...r, reservedOnly: false })));
  }

  /** The person an identifier leads to; a reserved value no longer attached still names its holder. */
  async function resolve(actor: Actor, kind: string, value: string, scope = ''): Promise<IdentifierMatch> {
    authorise(actor, 'people:read');
    const n = normaliseIdentifier({ kind, scope, value });
    const id = n.identifier ?? { kind, scope, value: value.trim() };
    const row = await db
      .selectFrom('identifiers')
      .select(['kind', 'scope', 'value', 'person_id'])
      .where('kind', '=', id.kind)
      .where('scope', '=', id.scope)
      .where(sql<string>`lower(value)`, '=', id.value.toLowerCase())
      .executeTakeFirst();
    if (row) return (await withPeople([{ ...row, reservedOnly: false }]))[0];
    const reserved = await db
      .selectFrom('reserved_identifiers')
      .select(['kind', 'value', 'person_id'])
      .where('kind', '=', id.kind)
      .where('value', '=', id.value)
      .executeTakeFirst();
    if (reserved?.person_id)
      return (
        await withPeople([
          { kind: reserved.kind, scope: '', value: reserved.value, person_id: reserved.person_id, reservedOnly: true },
        ])
      )[0];
    const missing = notFound('identifier', `${id.kind}${id.scope ? `@${id.scope}` : ''} ${id.value}`);
    const elsewhere = await db
      .selectFrom('identifiers')
      .select('scope')
      .distinct()
      .where('kind', '=', id.kind)
      .where('scope', '!=', id.scope)
      .where(sql<string>`lower(value)`, '=', id.value.toLowerCase())
      .orderBy('scope')
      .limit(10)
      .execute();
    if (elsewhere.length > 0)
      missing.message += `; it exists ${elsewhere.map((e) => (e.scope ? `in scope ${e.scope}` : 'without a scope')).join(', ')}: name the scope with ?scope=`;
    else if (id.kind === 'source-key' && !id.scope)
      missing.message += '; source keys belong to a source: name it with ?scope=<source>';
    throw missing;
  }

  /** Attaches an identifier to a person (reserving institution-issued kinds for good). */
  async function add(actor: Actor, personId: number, input: IdentifierInput): Promise<Identifier> {
    await records.loadForChange(actor, personId);
    const n = normaliseIdentifier(input);
    assertNoProblems(n.problems);
    const identifier = n.identifier!;
    await write(deps, actor, async (uow) => {
      const added = await attachIdentifiers(uow, personId, [identifier], '');
      if (added.length)
        uow.record({
          action: 'person.identifier.add',
          op: 'identifier-added',
          targetType: 'person',
          targetId: personId,
          after: identifier,
        });
    });
    return identifier;
  }

  /** Detaches an identifier; a reserved value stays reserved to this person and is never reissued. */
  async function remove(
    actor: Actor,
    personId: number,
    kind: string,
    value: string,
    scope = '',
    reason?: string,
  ): Promise<void> {
    await records.loadForChange(actor, personId);
    const id = normaliseIdentifier({ kind, scope, value }).identifier ?? { kind, scope, value };
    await write(deps, actor, async (uow) => {
      const r = await uow.db
        .deleteFrom('identifiers')
        .where('person_id', '=', personId)
        .where('kind', '=', id.kind)
        .where('scope', '=', id.scope)
        .where('value', '=', id.value)
        .executeTakeFirst();
      if (!r.numDeletedRows) throw notFound('identifier', `${id.kind} ${id.value} of person ${personId}`);
      uow.record({
        action: 'person.identifier.remove',
        op: 'identifier-removed',
        targetType: 'person',
        targetId: personId,
        before: id,
        reason: reason ?? null,
      });
    });
  }

  return { find, resolve, add, remove };
}
