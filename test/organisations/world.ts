import { systemActor } from '../../src/platform/auth/actor.ts';
import type { TestApp } from '../harness.ts';

export const system = systemActor('test');

export interface World {
  uni: number;
  sci: number;
  chem: number;
  lab: number;
  art: number;
}

/**
 * A small university made through the org service: UNI › SCI (faculty) › CHEM (department)
 * › LAB (virtual), and UNI › ART (faculty).
 */
export async function makeWorld(t: TestApp): Promise<World> {
  const make = async (code: string, kind: string, name: string, parentId: number | null, extra: object = {}) =>
    (await t.app.orgs.createUnit(system, { code, kind, name, parentId, ...extra })).id;
  const uni = await make('UNI', 'university', 'University of Testing', null);
  const sci = await make('SCI', 'faculty', 'Faculty of Science', uni, { abbreviation: 'FoS' });
  const chem = await make('CHEM', 'department', 'Chemistry', sci, {
    altNames: ['Department of Chemical Sciences'],
    custom: { phone: '+44 1509 222000' },
  });
  const lab = await make('CHEM-LAB', 'virtual', 'Teaching laboratories', chem);
  const art = await make('ART', 'faculty', 'Faculty of Arts', uni);
  return { uni, sci, chem, lab, art };
}

/**
 * A person with an affiliation, written straight to the tables: the person side belongs
 * to the registry, and these tests only need the facts to exist.
 */
export async function addPerson(
  t: TestApp,
  given: string,
  family: string,
  orgId: number,
  affiliation: { validFrom?: string; validTo?: string; kind?: string } = {},
): Promise<number> {
  const db = t.db();
  const now = t.clock.now();
  const { id } = await db
    .insertInto('people')
    .values({
      given_name: given,
      family_name: family,
      search_name: `${given} ${family}`.toLowerCase(),
      emails: '[]',
      phones: '[]',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addAffiliation(t, id, orgId, affiliation);
  return id;
}

export async function addAffiliation(
  t: TestApp,
  personId: number,
  orgId: number,
  a: { validFrom?: string; validTo?: string; kind?: string } = {},
): Promise<number> {
  const now = t.clock.now();
  const row = await t
    .db()
    .insertInto('affiliations')
    .values({
      person_id: personId,
      org_id: orgId,
      kind: a.kind ?? 'staff',
      valid_from: a.validFrom ?? null,
      valid_to: a.validTo ?? null,
      attributes: '{}',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The audit actions recorded for a target, oldest first. */
export async function auditActions(t: TestApp, targetType: string, targetId: number | string): Promise<string[]> {
  const rows = await t
    .db()
    .selectFrom('audit_log')
    .select('action')
    .where('target_type', '=', targetType)
    .where('target_id', '=', String(targetId))
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.action);
}
