import { sql } from 'kysely';
import { type Attr, multi, text } from './scim-attribute-kinds.ts';
import {
  CORE_USER,
  ENTERPRISE_USER,
  enterpriseAttributes,
  schemasAttribute,
  STEWARD_PERSON,
  stewardAttributes,
} from './scim-extension-attributes.ts';
import { EMPLOYEE_NUMBER_KIND, scimDisplayName, scimFormattedName, USERNAME_KIND } from './scim-person-row.ts';

export { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-extension-attributes.ts';
export type { Attr, Element, MultiAttr, ScalarAttr, ScimAttrType, SubAttr } from './scim-attribute-kinds.ts';
export { multi, text } from './scim-attribute-kinds.ts';

/**
 * The people holding an identifier of `kind` whose value equals `operand` case-insensitively (through the
 * `identifiers (lower(value))` index), and for userName the person `person-<id>` names.
 */
const heldBy = (kind: string, fallback: boolean) => (operand: string) => {
  const own = /^person-([1-9]\d{0,15})$/i.exec(operand);
  const byId = fallback && own ? sql` union all select ${Number(own[1])}::bigint` : sql``;
  return sql<boolean>`p.id in (select i.person_id from identifiers i where lower(i.value) = ${operand.toLowerCase()} and i.kind = ${kind}${byId})`;
};

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
  username: { ...text(false, userNameSql, (r) => r.userName), candidates: heldBy(USERNAME_KIND, true) },
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
  emails: {
    ...multi(sql`p.emails`, 'address', (r) =>
      r.emails.map((e, i) => ({ value: e.address, type: e.label ?? null, primary: i === 0 })),
    ),
    text: sql<string>`lower(p.emails::text)`,
  },
  phonenumbers: multi(sql`p.phones`, 'number', (r) =>
    r.phones.map((e, i) => ({ value: e.number, type: e.label ?? null, primary: i === 0 })),
  ),
  [`${ENTERPRISE_USER}:employeenumber`.toLowerCase()]: {
    ...text(true, employeeNumberSql, (r) => r.employeeNumber),
    candidates: heldBy(EMPLOYEE_NUMBER_KIND, false),
  },
  schemas: schemasAttribute,
  ...prefixed(ENTERPRISE_USER, enterpriseAttributes),
  ...prefixed(STEWARD_PERSON, stewardAttributes),
  ...absentAttributes(),
};

function prefixed(urn: string, attrs: Record<string, Attr>): Record<string, Attr> {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [`${urn.toLowerCase()}:${k}`, v]));
}

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
 * A SCIM client's own `externalId` of a person: the `external-id` attribute of the person's record in the client's
 * source (the least, should the person hold two). Other readers have none (the attribute is absent for them).
 */
export const externalIdSql = (source: string) =>
  sql<
    string | null
  >`(select min(r.record->'attributes'->>'external-id') from source_records r where r.source = ${source} and r.person_id = p.id)`;

/** `externalId eq …` narrowed through the `source_records (source, external-id)` index (migration 0030). */
const externalIdHeldBy = (source: string) => (operand: string) =>
  sql<boolean>`p.id in (select r.person_id from source_records r where r.source = ${source} and (r.record->'attributes'->>'external-id') = ${operand})`;

/**
 * What a User filter or `sortBy` may name for a reader: a SCIM writer (its source given) filters and sorts by its own
 * `externalId` (caseExact, RFC 7643 §3.1); for every other reader the attribute is absent.
 */
export function userResolver(source: string | null): typeof resolveUserAttr {
  if (source === null) return resolveUserAttr;
  const externalId: Attr = {
    ...text(true, externalIdSql(source), (r) => r.externalId ?? null),
    candidates: externalIdHeldBy(source),
  };
  return (path) => {
    const p = path.toLowerCase();
    const bare = p.startsWith(`${CORE_USER.toLowerCase()}:`) ? p.slice(CORE_USER.length + 1) : p;
    return bare === 'externalid' ? { attr: externalId } : resolveUserAttr(path);
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
