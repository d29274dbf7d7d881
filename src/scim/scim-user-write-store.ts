import { sql } from 'kysely';
import { StewardError } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { attachIdentifiers } from '../registry/identifier-store.ts';
import { normaliseIdentifier } from '../registry/identifiers.ts';
import { searchName } from '../registry/names.ts';
import { tidyEmails, tidyPhones } from '../registry/person-records.ts';
import { factsOf, type PersonRow } from '../registry/person-store.ts';
import { SOURCE_DEFAULTS, type SourceConfig } from '../sources/source-config.ts';
import { ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import type { ScimClient } from './scim-client-rules.ts';
import { ScimError } from './scim-errors.ts';
import { EMPLOYEE_NUMBER_KIND, USERNAME_KIND } from './scim-person-row.ts';
import type { ScimUserWrite } from './scim-user-record-rules.ts';

/**
 * What a SCIM write does besides applying its record, inside the write's transaction: the client's source registered
 * on its first write, the checks that need the database (userName unique, the org inside the client's subtree), and
 * the person's own facts made what the client said (names, emails, phone numbers, userName, employeeNumber).
 */

/** The client's source, registered (audited) on its first write: creates people, reviews near-matches. */
export async function ensureSource(uow: UnitOfWork, client: ScimClient): Promise<SourceConfig> {
  const found = await uow.db.selectFrom('sources').selectAll().where('name', '=', client.source).executeTakeFirst();
  if (found)
    return {
      name: found.name,
      label: found.label,
      description: found.description,
      kinds: found.kinds,
      holdThreshold: found.hold_threshold,
      createPeople: found.create_people,
      reviewNearMatches: found.review_near_matches,
    };
  const config: SourceConfig = {
    ...SOURCE_DEFAULTS,
    kinds: [],
    name: client.source,
    label: `SCIM client ${client.account}`,
    description: `The users ${client.account} writes through SCIM (/scim/v2/Users)`,
    createPeople: true,
    reviewNearMatches: true,
  };
  await uow.db
    .insertInto('sources')
    .values({
      name: config.name,
      label: config.label,
      description: config.description,
      kinds: config.kinds,
      hold_threshold: config.holdThreshold,
      create_people: config.createPeople,
      review_near_matches: config.reviewNearMatches,
      created_at: uow.now,
      updated_at: uow.now,
    })
    .execute();
  uow.record({ action: 'source.create', op: 'created', targetType: 'source', targetId: config.name, after: config });
  return config;
}

/** The userName as the registry keeps it (lowercase), or 400 naming the rule. */
export function normalUserName(userName: string): string {
  const n = normaliseIdentifier({ kind: USERNAME_KIND, value: userName }, '/userName');
  if (!n.identifier) throw new ScimError(400, `userName "${userName}" ${n.problems[0]!.message}`, 'invalidValue');
  return n.identifier.value;
}

/** 409 uniqueness when the userName belongs (or was issued) to someone other than `personId`. */
export async function assertUserNameFree(uow: UnitOfWork, userName: string, personId: number | null): Promise<void> {
  const { rows } = await sql<{ person_id: number | null }>`
    select person_id from identifiers where kind = ${USERNAME_KIND} and scope = '' and value = ${userName}
    union all select person_id from reserved_identifiers where kind = ${USERNAME_KIND} and value = ${userName}`.execute(
    uow.db,
  );
  const other = rows.find((r) => r.person_id === null || Number(r.person_id) !== personId);
  if (other)
    throw new ScimError(
      409,
      `userName ${userName} is already ${other.person_id === null ? 'reserved' : `held by User ${other.person_id}`}`,
      'uniqueness',
    );
}

/** The org code a write lands in: the one named, the record's own, or the client's unit; inside its subtree. */
export async function checkedOrg(uow: UnitOfWork, client: ScimClient, code: string | null): Promise<string> {
  const attribute = `${STEWARD_PERSON}:primaryOrgUnit`;
  if (code === null && client.orgId === null)
    throw new ScimError(400, `send ${attribute}: the org unit code the user belongs to`, 'invalidValue');
  let q = uow.db.selectFrom('org_units').select(['code', 'path']);
  q = code === null ? q.where('id', '=', client.orgId!) : q.where('code', '=', code);
  const org = await q.executeTakeFirst();
  if (!org) throw new ScimError(400, `${attribute}: no org unit has code ${code}`, 'invalidValue');
  if (client.orgPath && !org.path.startsWith(client.orgPath))
    throw new ScimError(
      400,
      `${attribute}: ${org.code} is outside the units ${client.account} may write`,
      'invalidValue',
    );
  return org.code;
}

/**
 * Makes the person's facts what the client said (PUT semantics: a middle name, emails or phone numbers left out are
 * cleared; given and family names left out are kept) and their userName and employeeNumber the ones sent; bumps the
 * person's version when anything of theirs changed (`touched`: their record changed), so `meta.version` moves.
 */
export async function syncPerson(
  uow: UnitOfWork,
  client: ScimClient,
  personId: number,
  user: ScimUserWrite,
  touched: boolean,
): Promise<void> {
  const row = (await uow.db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirstOrThrow()) as PersonRow;
  const before = factsOf(row);
  const after = {
    ...before,
    givenName: user.givenName ?? before.givenName,
    middleName: user.middleName,
    familyName: user.familyName ?? before.familyName,
    emails: tidyEmails(user.emails),
    phones: tidyPhones(user.phones),
  };
  const reason = `SCIM client ${client.account}`;
  const changed = JSON.stringify(before) !== JSON.stringify(after);
  const heldNow =
    (await holdOnly(uow, personId, USERNAME_KIND, normalUserName(user.userName), reason)) |
    (user.employeeNumber === null
      ? 0
      : await holdOnly(uow, personId, EMPLOYEE_NUMBER_KIND, user.employeeNumber, reason));
  if (!changed && !touched && !heldNow) return;
  await uow.db
    .updateTable('people')
    .set({
      ...(changed
        ? {
            given_name: after.givenName,
            middle_name: after.middleName,
            family_name: after.familyName,
            emails: JSON.stringify(after.emails),
            phones: JSON.stringify(after.phones),
            search_name: searchName(after),
          }
        : {}),
      updated_at: uow.now,
      version: sql`version + 1`,
    })
    .where('id', '=', personId)
    .execute();
  if (changed)
    uow.record({
      action: 'person.update',
      op: 'updated',
      targetType: 'person',
      targetId: personId,
      before,
      after,
      reason,
    });
}

/** The person holds `value` as their one identifier of `kind` (others of that kind removed); 1 when it changed. */
async function holdOnly(uow: UnitOfWork, personId: number, kind: string, value: string, reason: string) {
  const held = await uow.db
    .selectFrom('identifiers')
    .select('value')
    .where('person_id', '=', personId)
    .where('kind', '=', kind)
    .where('scope', '=', '')
    .execute();
  if (held.length === 1 && held[0]!.value === value) return 0;
  for (const old of held.filter((h) => h.value !== value)) {
    await uow.db
      .deleteFrom('identifiers')
      .where('person_id', '=', personId)
      .where('kind', '=', kind)
      .where('scope', '=', '')
      .where('value', '=', old.value)
      .execute();
    uow.record({
      action: 'person.identifier.remove',
      op: 'identifier-removed',
      targetType: 'person',
      targetId: personId,
      before: { kind, scope: '', value: old.value },
      reason,
    });
  }
  if (held.some((h) => h.value === value)) return 1;
  const attribute = kind === USERNAME_KIND ? 'userName' : `${ENTERPRISE_USER}:employeeNumber`;
  try {
    await attachIdentifiers(uow, personId, [{ kind, scope: '', value }], `/${attribute}`);
  } catch (e) {
    if (e instanceof StewardError) throw new ScimError(409, `${attribute}: ${e.message}`, 'uniqueness');
    throw e;
  }
  uow.record({
    action: 'person.identifier.add',
    op: 'identifier-added',
    targetType: 'person',
    targetId: personId,
    after: { kind, scope: '', value },
    reason,
  });
  return 1;
}
