import { type RawBuilder, sql } from 'kysely';
import { type Attr, complex, textToday } from './scim-attribute-kinds.ts';
import type { ScimPersonExtras, ScimPersonRow } from './scim-person-row.ts';
import { currentSql } from './scim-scope.ts';

/**
 * The filterable attributes that read more than the `people` row: `schemas`, the enterprise `department` and
 * `organization`, and the Steward extension (statuses, primaryOrgUnit, affiliations, identifiers). Each is SQL over
 * `people p` for one day and, in memory, the same value read from the person's extras (scim-service.ts extrasOf);
 * scim-user-map.ts shows them. Keys are lowercased paths without the extension's URN (the caller prefixes it).
 */
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const STEWARD_PERSON = 'urn:ietf:params:scim:schemas:extension:steward:2.0:Person';

const none: ScimPersonExtras = { identifiers: [], affiliations: [], statuses: [], organization: null };
const extras = (r: ScimPersonRow) => r.extras ?? none;

/** The primary affiliation (the earliest begun current one) of `p`, joined to its unit `o`, selecting `what`. */
const primarySql = (today: string, what: RawBuilder<unknown>, join: RawBuilder<unknown> = sql``) =>
  sql`(select ${what} from affiliations a join org_units o on o.id = a.org_id ${join} where a.person_id = p.id and ${currentSql('a', today)} order by a.valid_from nulls first, a.id limit 1)`;

/** Whether the User shows the enterprise extension: an employee number or a current affiliation (department). */
const enterpriseSql = (today: string) =>
  sql<boolean>`(coalesce((select min(i.value) from identifiers i where i.person_id = p.id and i.kind = 'employee-number') <> '', false) or exists (select 1 from affiliations a where a.person_id = p.id and ${currentSql('a', today)}))`;
export const hasEnterprise = (r: ScimPersonRow) => !!r.employeeNumber || extras(r).affiliations.length > 0;

const json = (...uris: string[]) => JSON.stringify(uris.map((value) => ({ value })));
const schemas: Attr = complex(
  (today) =>
    sql`(case when ${enterpriseSql(today)} then ${json(CORE_USER, ENTERPRISE_USER, STEWARD_PERSON)}::jsonb else ${json(CORE_USER, STEWARD_PERSON)}::jsonb end)`,
  { value: false },
  (r) =>
    (hasEnterprise(r) ? [CORE_USER, ENTERPRISE_USER, STEWARD_PERSON] : [CORE_USER, STEWARD_PERSON]).map((value) => ({
      value,
    })),
);

export const enterpriseAttributes: Record<string, Attr> = {
  department: textToday(
    false,
    (today) => primarySql(today, sql`o.name`),
    (r) => extras(r).affiliations[0]?.orgName ?? null,
  ),
  organization: textToday(
    false,
    (today) => primarySql(today, sql`t.name`, sql`join org_units t on t.id = split_part(o.path, '/', 2)::bigint`),
    (r) => extras(r).organization,
  ),
};

const currentStatus = (today: string) =>
  sql`(s.start_date is null or s.start_date <= ${today}::date) and (s.end_date is null or s.end_date >= ${today}::date)`;

export const stewardAttributes: Record<string, Attr> = {
  statuses: complex(
    (today) =>
      sql`(select coalesce(jsonb_agg(jsonb_build_object('name', t.name, 'start', s.start_date::text, 'end', s.end_date::text) order by t.rank, t.name), '[]'::jsonb) from person_statuses s join status_types t on t.id = s.status_type_id where s.person_id = p.id and ${currentStatus(today)})`,
    { name: false, start: false, end: false },
    (r) => extras(r).statuses.map((s) => ({ name: s.name, start: s.start, end: s.end })),
  ),
  primaryorgunit: textToday(
    true,
    (today) => primarySql(today, sql`o.code`),
    (r) => extras(r).affiliations[0]?.orgCode ?? null,
  ),
  affiliations: complex(
    (today) =>
      sql`(select coalesce(jsonb_agg(jsonb_build_object('kind', a.kind, 'title', a.title, 'orgCode', o.code, 'orgName', o.name, 'validFrom', a.valid_from::text, 'validTo', a.valid_to::text) order by a.valid_from nulls first, a.id), '[]'::jsonb) from affiliations a join org_units o on o.id = a.org_id where a.person_id = p.id and ${currentSql('a', today)})`,
    { kind: false, title: false, orgCode: false, orgName: false, validFrom: false, validTo: false },
    (r) =>
      extras(r).affiliations.map((a) => ({
        kind: a.kind,
        title: a.title,
        orgcode: a.orgCode,
        orgname: a.orgName,
        validfrom: a.validFrom,
        validto: a.validTo,
      })),
  ),
  identifiers: complex(
    () =>
      sql`(select coalesce(jsonb_agg(jsonb_build_object('kind', i.kind, 'scope', i.scope, 'value', i.value) order by i.kind, i.scope, i.value), '[]'::jsonb) from identifiers i where i.person_id = p.id)`,
    { kind: true, scope: true, value: true },
    (r) => extras(r).identifiers.map((i) => ({ kind: i.kind, scope: i.scope, value: i.value })),
  ),
};

export const schemasAttribute = schemas;
