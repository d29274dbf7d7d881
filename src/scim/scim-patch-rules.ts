import { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import { ScimError } from './scim-errors.ts';
import { READ_ONLY_CORE, STEWARD_READ_ONLY, UNHELD_CORE } from './scim-user-record-rules.ts';

/**
 * A PATCH request (RFC 7644 §3.5.2) on a User read into operations the `scim-patch` package applies. Pure. Accepts the
 * variants identity providers send besides the RFC's own: op names in any case (Entra ID's "Replace"), string booleans
 * ("True", "False") for `active` and `primary`, an add or replace without a path whose value holds dotted or
 * URN-prefixed keys (`{"name.givenName": "x"}`, `{"urn:…:enterprise:2.0:User:employeeNumber": "1"}`): each key
 * becomes an operation with that path, so a replace of `name.givenName` never drops `name.familyName`. Paths name
 * attributes case-insensitively and are written in the schema's spelling; value filters (`emails[type eq "work"]`)
 * are left to `scim-patch`. Unknown attributes are `invalidPath`, read-only ones `mutability`, a remove without a
 * path `noTarget`, a malformed request `invalidSyntax`.
 */
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchOperation =
  { op: 'add' | 'replace'; path?: string; value: unknown } | { op: 'remove'; path: string; value?: unknown };

/** The schema spelling of every User attribute a path may name, by lowercased name. */
const CORE_NAMES = [
  'userName',
  'externalId',
  'name',
  'emails',
  'phoneNumbers',
  'active',
  ...UNHELD_CORE,
  'id',
  'meta',
  'groups',
];
const SUB_NAMES = [
  'formatted',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'value',
  'type',
  'primary',
  'display',
  'streetAddress',
  'locality',
  'region',
  'postalCode',
  'country',
];
const ENTERPRISE_NAMES = ['employeeNumber', 'department', 'organization', 'costCenter', 'division', 'manager'];
const STEWARD_NAMES = ['primaryOrgUnit', 'affiliationKind', 'statuses', 'affiliations', 'identifiers'];
const spelling = (names: string[]) => new Map(names.map((n) => [n.toLowerCase(), n]));
const CORE = spelling(CORE_NAMES);
const SUB = spelling(SUB_NAMES);
const EXTENSIONS = new Map([
  [ENTERPRISE_USER.toLowerCase(), { urn: ENTERPRISE_USER, names: spelling(ENTERPRISE_NAMES) }],
  [STEWARD_PERSON.toLowerCase(), { urn: STEWARD_PERSON, names: spelling(STEWARD_NAMES) }],
]);
/** What a PATCH may not name: the core's read-only attributes and the Steward extension's. */
const READ_ONLY = new Set([...READ_ONLY_CORE, ...STEWARD_READ_ONLY.map((n) => `${STEWARD_PERSON.toLowerCase()}:${n}`)]);

const syntax = (detail: string) => new ScimError(400, detail, 'invalidSyntax');
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `name.givenName`, `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:employeeNumber` in schema spelling. */
export function canonicalPath(path: string): string {
  const raw = path.trim();
  const lower = raw.toLowerCase();
  for (const [prefix, ext] of EXTENSIONS)
    if (lower.startsWith(`${prefix}:`)) {
      const rest = raw.slice(prefix.length + 1);
      const head = rest.split(/[.[]/)[0]!;
      const name = ext.names.get(head.toLowerCase());
      if (!name) throw new ScimError(400, `${raw} names no attribute of ${ext.urn}`, 'invalidPath');
      if (READ_ONLY.has(`${prefix}:${name.toLowerCase()}`))
        throw new ScimError(400, `${ext.urn}:${name} is read-only`, 'mutability');
      return `${ext.urn}:${name}${subPath(rest.slice(head.length), raw)}`;
    }
  if (EXTENSIONS.has(lower)) return EXTENSIONS.get(lower)!.urn;
  const core = `${CORE_USER.toLowerCase()}:`;
  const bare = lower.startsWith(core) ? raw.slice(core.length) : raw;
  const head = bare.split(/[.[]/)[0]!;
  const name = CORE.get(head.toLowerCase());
  if (!name) throw new ScimError(400, `${raw} names no attribute of a User`, 'invalidPath');
  if (READ_ONLY.has(name.toLowerCase())) throw new ScimError(400, `${name} is read-only`, 'mutability');
  return `${name}${subPath(bare.slice(head.length), raw)}`;
}

/** The rest of a path after its attribute: a value filter (kept as given) and a sub-attribute (spelled). */
function subPath(rest: string, whole: string): string {
  let filter = '';
  let tail = rest;
  if (tail.startsWith('[')) {
    const end = tail.indexOf(']');
    if (end < 0) throw new ScimError(400, `${whole}: the value filter is not closed with ]`, 'invalidPath');
    filter = tail.slice(0, end + 1);
    tail = tail.slice(end + 1);
  }
  if (tail === '') return filter;
  if (!tail.startsWith('.')) throw new ScimError(400, `${whole} is not a path`, 'invalidPath');
  const sub = SUB.get(tail.slice(1).toLowerCase());
  if (!sub) throw new ScimError(400, `${whole} names no sub-attribute ${tail.slice(1)}`, 'invalidPath');
  return `${filter}.${sub}`;
}

/** "True"/"False" as booleans where the attribute is a boolean (`active`, `primary`), recursively. */
function booleans(value: unknown, attribute: string): unknown {
  const leaf = attribute.split(/[.:]/).pop()!.toLowerCase();
  if ((leaf === 'active' || leaf === 'primary') && typeof value === 'string') {
    if (/^true$/i.test(value)) return true;
    if (/^false$/i.test(value)) return false;
    throw new ScimError(400, `${attribute} must be a boolean, not "${value}"`, 'invalidValue');
  }
  if (Array.isArray(value)) return value.map((v) => booleans(v, attribute));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, booleans(v, k)]));
  return value;
}

/** One operation per key of a path-less add or replace, each with the key as its path. */
function splitValue(op: 'add' | 'replace', value: unknown, at: number): PatchOperation[] {
  if (!isObject(value))
    throw new ScimError(400, `Operations[${at}]: an ${op} without a path needs an object value`, 'invalidValue');
  return Object.entries(value).flatMap(([key, v]) => {
    if (key.toLowerCase() === 'schemas') return [];
    if (EXTENSIONS.has(key.toLowerCase()) && isObject(v))
      return Object.entries(v).map(([sub, sv]) => {
        const path = canonicalPath(`${key}:${sub}`);
        return { op, path, value: booleans(sv, path) };
      });
    const path = canonicalPath(key);
    return [{ op, path, value: booleans(v, path) }];
  });
}

/** The operations of a PATCH body, normalised; throws the RFC's error for a request that is not one. */
export function readPatch(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw syntax('a PATCH body is a PatchOp message, a JSON object');
  for (const key of Object.keys(body))
    if (!['schemas', 'operations'].includes(key.toLowerCase())) throw syntax(`${key} is not a field of a PatchOp`);
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_OP)) throw syntax(`schemas must list ${PATCH_OP}`);
  const ops = Object.entries(body).find(([k]) => k.toLowerCase() === 'operations')?.[1];
  if (!Array.isArray(ops) || ops.length === 0) throw syntax('Operations must be a non-empty array');
  return ops.flatMap((raw, i): PatchOperation[] => {
    if (!isObject(raw)) throw syntax(`Operations[${i}] must be an object`);
    const fields = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
    for (const key of Object.keys(raw))
      if (!['op', 'path', 'value'].includes(key.toLowerCase()))
        throw syntax(`Operations[${i}].${key} is not a field of an operation`);
    const op = String(fields.get('op') ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw syntax(`Operations[${i}].op must be add, remove or replace, not ${JSON.stringify(fields.get('op'))}`);
    const path = fields.get('path');
    if (path !== undefined && (typeof path !== 'string' || path.trim() === ''))
      throw new ScimError(400, `Operations[${i}].path must be a non-empty string`, 'invalidPath');
    if (op === 'remove') {
      if (path === undefined) throw new ScimError(400, `Operations[${i}]: a remove needs a path`, 'noTarget');
      const canonical = canonicalPath(path);
      return [{ op, path: canonical, ...(fields.has('value') ? { value: fields.get('value') } : {}) }];
    }
    if (!fields.has('value')) throw new ScimError(400, `Operations[${i}]: an ${op} needs a value`, 'invalidValue');
    if (path === undefined) return splitValue(op, fields.get('value'), i);
    const canonical = canonicalPath(path);
    return [{ op, path: canonical, value: booleans(fields.get('value'), canonical) }];
  });
}
