import { sql } from 'kysely';
import type { FieldProblem } from '../platform/errors.ts';
import { StewardError } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { isReservedKind } from './identifiers.ts';
import type { Identifier } from './person-schemas.ts';

/**
 * Attaching identifiers to a person inside a use case's transaction. An identifier belongs
 * to one person; an institution-issued one (ID number, username, email) is also reserved
 * forever, so it can never be handed to anyone else, even after it is removed or merged away.
 */
export async function attachIdentifiers(
  uow: UnitOfWork,
  personId: number,
  identifiers: Identifier[],
  field = '/identifiers',
): Promise<Identifier[]> {
  const problems: FieldProblem[] = [];
  const added: Identifier[] = [];
  for (const [i, id] of identifiers.entries()) {
    const owner = await uow.db
      .selectFrom('identifiers')
      .select('person_id')
      .where('kind', '=', id.kind)
      .where('scope', '=', id.scope)
      .where('value', '=', id.value)
      .executeTakeFirst();
    if (owner && owner.person_id === personId) continue;
    if (owner) {
      problems.push({
        field: `${field}/${i}/value`,
        rule: 'unique',
        message: `${id.kind} ${id.value} belongs to person ${owner.person_id}`,
      });
      continue;
    }
    if (isReservedKind(id.kind)) {
      const reserved = await reserve(uow, id.kind, id.value, personId);
      if (reserved !== personId) {
        problems.push({
          field: `${field}/${i}/value`,
          rule: 'reserved',
          message: `${id.kind} ${id.value} was issued to ${reserved === null ? 'someone else' : `person ${reserved}`} and is never reissued`,
        });
        continue;
      }
    }
    await uow.db
      .insertInto('identifiers')
      .values({ kind: id.kind, scope: id.scope, value: id.value, person_id: personId, created_at: uow.now })
      .execute();
    added.push(id);
  }
  if (problems.length) throw new StewardError('conflict', problems.map((p) => p.message).join('; '), { problems });
  return added;
}

/**
 * Reserves a value for a person (no-op if it is already theirs) and returns who holds the
 * reservation now: the person, someone else, or null for a value reserved without an owner.
 */
export async function reserve(uow: UnitOfWork, kind: string, value: string, personId: number): Promise<number | null> {
  const inserted = await uow.db
    .insertInto('reserved_identifiers')
    .values({ kind, value, person_id: personId, reserved_at: uow.now })
    .onConflict((oc) => oc.doNothing())
    .returning('person_id')
    .executeTakeFirst();
  if (inserted) return personId;
  const { rows } = await sql<{
    person_id: number | null;
  }>`select person_id from reserved_identifiers where kind = ${kind} and value = ${value}`.execute(uow.db);
  return rows[0]?.person_id ?? null;
}
