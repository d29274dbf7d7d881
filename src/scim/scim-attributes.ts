import { type RawBuilder, sql } from 'kysely';
import type { ScimPersonRow } from './scim-person-row.ts';
import { scimDisplayName, scimFormattedName } from './scim-person-row.ts';

/** The attribute types the filterable User attributes have (RFC 7643 §2.3). */
export type ScimAttrType = 'string' | 'boolean' | 'dateTime';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const STEWARD_PERSON = 'urn:ietf:params:scim:schemas:extension:steward:2.0:Person';

/** A single-valued attribute: its SQL over `people p` (with `today` for `active`) and its value in memory. */
export interface ScalarAttr {
  kind: 'scalar';
  type: ScimAttrType;
  caseExact: boolean;
  sql: (today: string) => RawBuilder<unknown>;
  value: (row: ScimPersonRow) => string | boolean | Date | null;
}

/** One element of a multi-valued complex attribute (emails, phoneNumbers), in memory. */
export interface Element {
  value: string;
  type: string | null;
  primary: boolean;
}

export interface SubAttr {
  type: ScimAttrType;
  caseExact: boolean;
  /** Over the element `e(v, n)` of `jsonb_array_elements(...) with ordinality`. */
  sql: RawBuilder<unknown>;
  value: (e: Element) => string | boolean | null;
}

export interface MultiAttr {
  kind: 'multi';
  /** The jsonb column of `people` holding the elements. */
  column: RawBuilder<unknown>;
  sub: Record<string, SubAttr>;
  elements: (row: ScimPersonRow) => Element[];
}

export type Attr = ScalarAttr | MultiAttr;

export const text = (caseExact: boolean, sqlOf: RawBuilder<unknown>, value: ScalarAttr['value']): ScalarAttr => ({
  kind: 'scalar',
  type: 'string',
  caseExact,
  sql: () => sqlOf,
  value,
});

export const multi = (column: RawBuilder<unknown>, valueKey: string, elements: MultiAttr['elements']): MultiAttr => ({
  kind: 'multi',
  column,
  elements,
  sub: {
    value: { type: 'string', caseExact: false, sql: sql`(e.v->>${sql.lit(valueKey)})`, value: (e) => e.value },
    type: { type: 'string', caseExact: false, sql: sql`(e.v->>'label')`, value: (e) => e.type },
    primary: { type: 'boolean', caseExact: false, sql: sql`(e.n = 1)`, value: (e) => e.primary },
  },
});

export const userNameSql = sql<string>`coalesce((select min(i.value) from identifiers i where i.person_id = p.id and i.kind = 'username'), 'person-' || p.id::text)`;
export const employeeNumberSql = sql<
  string | null
>`(select min(i.value) from identifiers i where i.person_id = p.id and i.kind = 'employee-number')`;
/** `active`: the person holds a status today or has a current affiliation (a SCIM client's open record is one). */
export const activeSql = (today: string) =>
  sql<boolean>`(exists (select 1 from person_statuses s where s.person_id = p.id and (s.start_date is null or s.start_date <= ${today}::date) and (s.end_date is null or s.end_date >= ${today}::date)) or exists (select 1 from affiliations a where a.person_id = p.id and (a.valid_from is null or a.valid_from <= ${today}::date) and (a.valid_to is null or a.valid_to >= ${today}::date)))`;
const displayNameSql = sql`concat_ws(' ', coalesce(nullif(p.preferred_name, ''), nullif(p.given_name, '')), nullif(p.family_name, ''))`;
const formattedSql = sql`concat_ws(' ', nullif(p.given_name, ''), nullif(p.middle_name, ''), nullif(p.family_name, ''))`;

/** The User attributes a filter or `sortBy` may name, by lowercased path (names are case-insensitive, §3.10). */
export const userAttributes: Record<string, Attr> = {
  id: text(true, sql`p.id::text`, (r) => String(r.id)),
  username: text(false, userNameSql, (r) => r.userName),
  'name.givenname': text(false, sql`p.given_name`, (r) => r.givenName),
  'name.familyname': text(false, sql`p.family_name`, (r) => r.familyName),
  'name.middlename': text(false, sql`p.middle_name`, (r) => r.middleName),
  'name.formatted': text(false, formattedSql, (r) => scimFormattedName(r)),
  displayname: text(false, displayNameSql, (r) => scimDisplayName(r)),
  active: { kind: 'scalar', type: 'boolean', caseExact: false, sql: activeSql, value: (r) => r.active },
  'meta.created': {
    kind: 'scalar',
    type: 'dateTime',
    caseExact: false,
    sql: () => sql`p.created_at`,
    value: (r) => r.created,
  },
  'meta.lastmodified': {
    kind: 'scalar',
    type: 'dateTime',
    caseExact: false,
    sql: () => sql`p.updated_at`,
    value: (r) => r.lastModified,
  },
  'meta.resourcetype': text(true, sql`'User'`, () => 'User'),
  emails: multi(sql`p.emails`, 'address', (r) =>
    r.emails.map((e, i) => ({ value: e.address, type: e.label ?? null, primary: i === 0 })),
  ),
  phonenumbers: multi(sql`p.phones`, 'number', (r) =>
    r.phones.map((e, i) => ({ value: e.number, type: e.label ?? null, primary: i === 0 })),
  ),
  [`${ENTERPRISE_USER}:employeenumber`.toLowerCase()]: text(true, employeeNumberSql, (r) => r.employeeNumber),
  ...absentAttributes(),
};

/**
 * Attributes RFC 7643 defines for a User that Steward never holds: a filter may name them (the RFC's own examples
 * use `title`, `userType`, `ims`), and they behave as absent — `pr` is false, `ne` and `eq null` true.
 */
function absentAttributes(): Record<string, Attr> {
  const none = sql`null::text`;
  const scalar = [
    'externalid',
    'nickname',
    'profileurl',
    'title',
    'usertype',
    'preferredlanguage',
    'locale',
    'timezone',
  ];
  const names = ['name.honorificprefix', 'name.honorificsuffix'];
  const enterprise = ['costcenter', 'division', 'manager.value'].map((a) => `${ENTERPRISE_USER.toLowerCase()}:${a}`);
  const multis = ['ims', 'photos', 'addresses', 'entitlements', 'roles', 'x509certificates', 'groups'];
  return {
    ...Object.fromEntries(
      [...scalar, ...names, ...enterprise].map((a) => [a, text(a === 'externalid', none, () => null)]),
    ),
    ...Object.fromEntries(multis.map((a) => [a, multi(sql`'[]'::jsonb`, 'value', () => [])])),
  };
}

/**
 * The attribute a path names: the core schema's URN prefix may be given (`urn:…:core:2.0:User:userName`);
 * `emails.value` names the sub-attribute of a multi-valued one. Null when the User has no such attribute.
 */
export function resolveUserAttr(path: string): { attr: Attr; sub?: string } | null {
  let p = path.toLowerCase();
  const core = `${CORE_USER.toLowerCase()}:`;
  if (p.startsWith(core)) p = p.slice(core.length);
  const direct = userAttributes[p];
  if (direct) return { attr: direct };
  const dot = p.lastIndexOf('.');
  if (dot < 0) return null;
  const parent = userAttributes[p.slice(0, dot)];
  const sub = p.slice(dot + 1);
  if (parent?.kind === 'multi' && parent.sub[sub]) return { attr: parent, sub };
  return null;
}
