import { dayBefore } from '../platform/dates.ts';
import type { EmailAddress, PhoneNumber } from '../platform/db/schema.ts';
import { readRecordObject, type AffiliationRecord } from '../sources/snapshot-rows.ts';
import { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import { ScimError } from './scim-errors.ts';

/**
 * A SCIM User as a client writes it (POST, PUT, a PATCH's result) and the affiliation record of the client's source
 * it becomes. Pure. Attribute names are case-insensitive (RFC 7643 §2.1). What Steward keeps: userName, externalId,
 * name (given, middle, family), emails, phoneNumbers, active, the enterprise employeeNumber and the Steward
 * extension's writable `primaryOrgUnit` (an org code) and `affiliationKind`. Attributes the RFC defines that Steward
 * does not hold (displayName, title, password, addresses …) are accepted and ignored; read-only ones (id, meta,
 * groups, the Steward extension's statuses, affiliations and identifiers) are ignored when they equal what GET shows,
 * else refused (`mutability`); anything else is `invalidValue` naming it.
 */
export interface ScimUserWrite {
  userName: string;
  externalId: string | null;
  givenName: string | null;
  middleName: string | null;
  familyName: string | null;
  /** The primary one first. */
  emails: EmailAddress[];
  phones: PhoneNumber[];
  active: boolean;
  employeeNumber: string | null;
  orgCode: string | null;
  kind: string | null;
}

const KEPT = ['username', 'externalid', 'name', 'emails', 'phonenumbers', 'active', 'schemas'];
/** RFC 7643 §4.1 User attributes Steward does not hold (accepted, never stored), in the schema's spelling. */
export const UNHELD_CORE = [
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'password',
  'addresses',
  'photos',
  'ims',
  'roles',
  'entitlements',
  'x509Certificates',
];
const IGNORED_CORE = UNHELD_CORE.map((n) => n.toLowerCase());
export const READ_ONLY_CORE = ['id', 'meta', 'groups'];
const ENTERPRISE_KEPT = ['employeenumber'];
const ENTERPRISE_IGNORED = ['department', 'organization', 'costcenter', 'division', 'manager'];
export const STEWARD_WRITABLE = ['primaryorgunit', 'affiliationkind'];
export const STEWARD_READ_ONLY = ['statuses', 'affiliations', 'identifiers'];

const bad = (detail: string) => new ScimError(400, detail, 'invalidValue');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function text(value: unknown, attribute: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw bad(`${attribute} must be a string, not ${typeName(value)}`);
  return value.trim() || null;
}

/** The keys of an object by lowercased name; two spellings of one name are refused. */
function folded(value: Record<string, unknown>, where: string): Map<string, [string, unknown]> {
  const out = new Map<string, [string, unknown]>();
  for (const [key, v] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (out.has(lower)) throw new ScimError(400, `${where}${key} is given twice`, 'invalidSyntax');
    out.set(lower, [key, v]);
  }
  return out;
}

function multiValued(value: unknown, attribute: string): { value: string; type?: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad(`${attribute} must be an array, not ${typeName(value)}`);
  const items = value.map((item, i) => {
    if (!isObject(item)) throw bad(`${attribute}[${i}] must be an object, not ${typeName(item)}`);
    const keys = folded(item, `${attribute}[${i}].`);
    for (const [lower, [key]] of keys)
      if (!['value', 'type', 'primary', 'display'].includes(lower))
        throw bad(`${attribute}[${i}].${key} is not an attribute of ${attribute}`);
    const v = text(keys.get('value')?.[1], `${attribute}[${i}].value`);
    if (!v) throw bad(`${attribute}[${i}].value is required`);
    const type = text(keys.get('type')?.[1], `${attribute}[${i}].type`);
    const primary = keys.get('primary')?.[1];
    if (primary !== undefined && typeof primary !== 'boolean')
      throw bad(`${attribute}[${i}].primary must be a boolean, not ${typeName(primary)}`);
    return { value: v, ...(type ? { type } : {}), primary: primary === true };
  });
  if (items.filter((e) => e.primary).length > 1) throw bad(`${attribute} may have one primary value only`);
  return [...items.filter((e) => e.primary), ...items.filter((e) => !e.primary)].map(({ value: v, type }) => ({
    value: v,
    ...(type ? { type } : {}),
  }));
}

function readOnly(key: string, value: unknown, current: Record<string, unknown> | undefined, shown: unknown) {
  if (!current || same(value, shown)) return;
  if (key.toLowerCase() === 'groups' && Array.isArray(value) && value.length === 0 && shown === undefined) return;
  throw new ScimError(400, `${key} is read-only; it cannot be changed through a User`, 'mutability');
}

/** Reads a User body; `current` is the User as GET shows it (PUT, PATCH), whose read-only values must be kept. */
export function readScimUser(body: unknown, current?: Record<string, unknown>): ScimUserWrite {
  if (!isObject(body)) throw new ScimError(400, `a User is a JSON object, not ${typeName(body)}`, 'invalidSyntax');
  const keys = folded(body, '');
  const schemas = keys.get('schemas')?.[1];
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === CORE_USER.toLowerCase())
  )
    throw new ScimError(400, `schemas must list ${CORE_USER}`, 'invalidSyntax');
  const out: ScimUserWrite = {
    userName: '',
    externalId: null,
    givenName: null,
    middleName: null,
    familyName: null,
    emails: [],
    phones: [],
    active: true,
    employeeNumber: null,
    orgCode: null,
    kind: null,
  };
  for (const [lower, [key, value]] of keys) {
    if (KEPT.includes(lower) || IGNORED_CORE.includes(lower)) continue;
    if (READ_ONLY_CORE.includes(lower)) {
      if (lower === 'id') readOnly(key, value, current, current?.id);
      else if (lower === 'groups') readOnly(key, value, current, current?.groups);
      continue;
    }
    if (lower === ENTERPRISE_USER.toLowerCase()) readEnterprise(value, out);
    else if (lower === STEWARD_PERSON.toLowerCase()) readSteward(value, out, current?.[STEWARD_PERSON]);
    else throw bad(`${key} is not an attribute of a User`);
  }
  const userName = text(keys.get('username')?.[1], 'userName');
  if (!userName) throw bad('userName is required');
  out.userName = userName;
  out.externalId = text(keys.get('externalid')?.[1], 'externalId');
  const name = keys.get('name')?.[1];
  let formatted: string | null = null;
  if (name !== undefined && name !== null) {
    if (!isObject(name)) throw bad(`name must be an object, not ${typeName(name)}`);
    const parts = folded(name, 'name.');
    for (const [lower, [key, v]] of parts) {
      if (!['formatted', 'familyname', 'givenname', 'middlename', 'honorificprefix', 'honorificsuffix'].includes(lower))
        throw bad(`name.${key} is not an attribute of name`);
      text(v, `name.${key}`);
    }
    out.givenName = text(parts.get('givenname')?.[1], 'name.givenName');
    out.middleName = text(parts.get('middlename')?.[1], 'name.middleName');
    out.familyName = text(parts.get('familyname')?.[1], 'name.familyName');
    formatted = text(parts.get('formatted')?.[1], 'name.formatted');
  }
  if (!out.familyName) {
    // The registry names everyone by a family name; a User may carry only userName (RFC 7643 §4.1).
    const display = keys.get('displayname')?.[1];
    const fallback = namesFrom(formatted ?? (typeof display === 'string' ? display : null) ?? userName.split('@')[0]!);
    out.familyName = fallback.familyName;
    out.givenName ??= fallback.givenName;
  }
  out.emails = multiValued(keys.get('emails')?.[1], 'emails').map((e) => ({
    address: e.value.toLowerCase(),
    ...(e.type ? { label: e.type } : {}),
  }));
  out.phones = multiValued(keys.get('phonenumbers')?.[1], 'phoneNumbers').map((e) => ({
    number: e.value,
    ...(e.type ? { label: e.type } : {}),
  }));
  const active = keys.get('active')?.[1];
  if (active !== undefined && active !== null && typeof active !== 'boolean')
    throw bad(`active must be a boolean, not ${typeName(active)}`);
  out.active = active !== false;
  return out;
}

/** A family name (the last word) and given names (the words before) from a formatted name, displayName or userName. */
export function namesFrom(text: string): { givenName: string | null; familyName: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return { givenName: null, familyName: words[0] ?? text };
  return { givenName: words.slice(0, -1).join(' '), familyName: words.at(-1)! };
}

function readEnterprise(value: unknown, out: ScimUserWrite) {
  if (!isObject(value)) throw bad(`${ENTERPRISE_USER} must be an object, not ${typeName(value)}`);
  for (const [lower, [key, v]] of folded(value, `${ENTERPRISE_USER}:`)) {
    if (ENTERPRISE_IGNORED.includes(lower)) continue;
    if (!ENTERPRISE_KEPT.includes(lower)) throw bad(`${ENTERPRISE_USER}:${key} is not an attribute of the extension`);
    out.employeeNumber = text(v, `${ENTERPRISE_USER}:employeeNumber`);
  }
}

function readSteward(value: unknown, out: ScimUserWrite, shown: unknown) {
  if (!isObject(value)) throw bad(`${STEWARD_PERSON} must be an object, not ${typeName(value)}`);
  const shownKeys = isObject(shown) ? folded(shown, '') : new Map<string, [string, unknown]>();
  for (const [lower, [key, v]] of folded(value, `${STEWARD_PERSON}:`)) {
    if (STEWARD_READ_ONLY.includes(lower)) {
      if (shown !== undefined && !same(v, shownKeys.get(lower)?.[1]))
        throw new ScimError(400, `${STEWARD_PERSON}:${key} is read-only`, 'mutability');
      continue;
    }
    if (!STEWARD_WRITABLE.includes(lower)) throw bad(`${STEWARD_PERSON}:${key} is not an attribute of the extension`);
    const given = text(v, `${STEWARD_PERSON}:${key}`);
    // A value equal to what GET shows (the primary affiliation's unit, maybe another source's) is no instruction.
    if (lower === 'primaryorgunit') out.orgCode = given === shownKeys.get(lower)?.[1] ? null : given;
    else out.kind = given;
  }
}

/** Where the record lands and what it had before (its key, person key, the day it ended). */
export interface RecordPlacement {
  recordKey: string;
  personKey: string;
  orgCode: string;
  kind: string;
  /** The end the client's record already has, kept while the user stays inactive. */
  previousValidTo: string | null;
  today: string;
}

/** SCIM attribute each record field is written from, for errors. */
const ATTRIBUTE_OF: Record<string, string> = {
  personKey: 'externalId',
  givenName: 'name.givenName',
  middleName: 'name.middleName',
  familyName: 'name.familyName',
  email: 'emails',
  username: 'userName',
  kind: `${STEWARD_PERSON}:affiliationKind`,
  orgCode: `${STEWARD_PERSON}:primaryOrgUnit`,
  'attributes.employee-number': `${ENTERPRISE_USER}:employeeNumber`,
  'attributes.external-id': 'externalId',
};

/**
 * The affiliation record of a SCIM user: `active: false` ends it yesterday (or keeps the end it already has), `active:
 * true` keeps it open. The record is in the source's normal form (as a JSON line would be read).
 */
export function toAffiliationRecord(user: ScimUserWrite, at: RecordPlacement): AffiliationRecord {
  const yesterday = dayBefore(at.today);
  const validTo = user.active
    ? undefined
    : at.previousValidTo && at.previousValidTo <= yesterday
      ? at.previousValidTo
      : yesterday;
  const read = readRecordObject(
    {
      recordKey: at.recordKey,
      personKey: at.personKey,
      ...(user.givenName ? { givenName: user.givenName } : {}),
      ...(user.middleName ? { middleName: user.middleName } : {}),
      ...(user.familyName ? { familyName: user.familyName } : {}),
      ...(user.emails[0] ? { email: user.emails[0].address } : {}),
      username: user.userName,
      kind: at.kind,
      orgCode: at.orgCode,
      ...(validTo ? { validTo } : {}),
      attributes: {
        ...(user.employeeNumber ? { 'employee-number': user.employeeNumber } : {}),
        ...(user.externalId ? { 'external-id': user.externalId } : {}),
      },
    },
    1,
  );
  const [first] = read.errors;
  if (first) throw bad(`${ATTRIBUTE_OF[first.field] ?? first.field} ${first.message} (${first.rule})`);
  return read.record!;
}
