import { sql } from 'kysely';
import { conflict, StewardError } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { refreshPeople } from '../status/status-store.ts';
import type { UnitRow } from './unit-store.ts';

/** How many of each dependant kind to name in a cascade-required answer. */
const FIRST = 5;

interface LivingUnit {
  id: number;
  code: string;
  name: string;
  valid_from: string | null;
  valid_to: string | null;
}

interface LivingAffiliation {
  id: number;
  person_id: number;
  person_name: string;
  org_id: number;
  org_code: string;
  kind: string;
  valid_from: string | null;
  valid_to: string | null;
}

/** The extra fields of a cascade-required problem: how many outlive the end date, and the first few of each. */
export interface CascadeNeeded {
  counts: { units: number; affiliations: number };
  affected: {
    units: { id: number; code: string; name: string; validTo: string | null }[];
    affiliations: {
      id: number;
      personId: number;
      name: string;
      orgId: number;
      orgCode: string;
      kind: string;
      validTo: string | null;
    }[];
  };
}

/**
 * What still lives below a unit after `end` (units and affiliations whose validity runs
 * past it), and, when the caller asked for the cascade, ends all of it on that date with
 * one UPDATE per table, auditing each row. Without the cascade, any such dependant makes
 * this a 409 'cascade-required' with `counts` and, under `affected`, the first few of each.
 */
export async function endSubtree(
  uow: UnitOfWork,
  unit: UnitRow,
  end: string,
  cascade: boolean,
  reason: string,
): Promise<{ endedUnits: number; endedAffiliations: number }> {
  const under = `${unit.path}%`;
  const units = (
    await sql<LivingUnit>`select id, code, name, valid_from, valid_to from org_units
      where path like ${under} and id <> ${unit.id} and (valid_to is null or valid_to > ${end})
      order by length(path) - length(replace(path, '/', '')), name, id for update`.execute(uow.db)
  ).rows;
  const affiliations = (
    await sql<LivingAffiliation>`select a.id, a.person_id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name as person_name,
        a.org_id, u.code as org_code, a.kind, a.valid_from, a.valid_to
      from affiliations a join org_units u on u.id = a.org_id join people p on p.id = a.person_id
      where u.path like ${under} and (a.valid_to is null or a.valid_to > ${end}) order by a.id for update of a`.execute(
      uow.db,
    )
  ).rows;
  if (units.length === 0 && affiliations.length === 0) return { endedUnits: 0, endedAffiliations: 0 };
  if (!cascade) {
    throw new StewardError(
      'cascade-required',
      `${unit.code} has ${units.length} unit(s) and ${affiliations.length} affiliation(s) below it that last beyond ${end}; end them too with cascade: true`,
      {
        extra: {
          counts: { units: units.length, affiliations: affiliations.length },
          affected: {
            units: units.slice(0, FIRST).map((u) => ({ id: u.id, code: u.code, name: u.name, validTo: u.valid_to })),
            affiliations: affiliations.slice(0, FIRST).map((a) => ({
              id: a.id,
              personId: a.person_id,
              name: a.person_name,
              orgId: a.org_id,
              orgCode: a.org_code,
              kind: a.kind,
              validTo: a.valid_to,
            })),
          },
        } satisfies CascadeNeeded,
      },
    );
  }
  const late = [
    ...units.filter((u) => u.valid_from && u.valid_from > end).map((u) => `unit ${u.code}`),
    ...affiliations
      .filter((a) => a.valid_from && a.valid_from > end)
      .map((a) => `affiliation ${a.id} of ${a.person_name}`),
  ];
  if (late.length) {
    throw conflict(
      `cannot end ${late.slice(0, FIRST).join(', ')}${late.length > FIRST ? ' …' : ''} on ${end}: they start after it`,
      {
        field: '/validTo',
        rule: 'starts-after-end',
        message: `${late.length} dependant(s) start after ${end}; end or move them first`,
      },
    );
  }
  await sql`update org_units set valid_to = ${end}, updated_at = ${uow.now}, version = version + 1
    where path like ${under} and id <> ${unit.id} and (valid_to is null or valid_to > ${end})`.execute(uow.db);
  await sql`update affiliations set valid_to = ${end}, updated_at = ${uow.now}, version = version + 1
    where org_id in (select id from org_units where path like ${under}) and (valid_to is null or valid_to > ${end})`.execute(
    uow.db,
  );
  const why = `${reason} (ending ${unit.code})`;
  for (const u of units) {
    uow.record({
      action: 'org.end',
      op: 'ended',
      targetType: 'org',
      targetId: u.id,
      before: { validTo: u.valid_to },
      after: { code: u.code, validTo: end, cascadeFrom: unit.code },
      reason: why,
    });
  }
  for (const a of affiliations) {
    uow.record({
      action: 'affiliation.end',
      op: 'ended',
      targetType: 'affiliation',
      targetId: a.id,
      before: { validTo: a.valid_to },
      after: {
        personId: a.person_id,
        orgId: a.org_id,
        orgCode: a.org_code,
        kind: a.kind,
        validTo: end,
        cascadeFrom: unit.code,
      },
      reason: why,
    });
  }
  await refreshPeople(
    uow,
    affiliations.map((a) => a.person_id),
    { reason: why },
  );
  return { endedUnits: units.length, endedAffiliations: affiliations.length };
}
