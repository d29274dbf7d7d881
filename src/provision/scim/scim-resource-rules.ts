import { renderMappings, type MappingFacts } from '../mapping-rules.ts';
import type { DesiredUser, ScimValues } from './scim-plan-rules.ts';
import { ENTERPRISE_USER } from './scim-settings-rules.ts';

/**
 * SCIM user resources and patch operations from mapped values, and values read back from a
 * resource the application holds; the desired user of a person; when to try again after a
 * 429 or 503. Pure. A mapping key is a SCIM attribute path (`name.givenName`), `emails` (the
 * primary work address) or `enterprise:<attribute>` (the enterprise extension).
 */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type ScimResource = Record<string, unknown>;
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}

/** The SCIM path of a mapping key. */
export function scimPath(key: string): string {
  return key.startsWith('enterprise:') ? `${ENTERPRISE_USER}:${key.slice('enterprise:'.length)}` : key;
}

function valueOf(key: string, value: string): unknown {
  return key === 'emails' ? [{ value, type: 'work', primary: true }] : value;
}

/** A full user resource: the values where they belong, and `active`. */
export function userResource(values: ScimValues, active: boolean): ScimResource {
  const out: ScimResource = { schemas: [USER_SCHEMA], active };
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith('enterprise:')) {
      const ext = (out[ENTERPRISE_USER] ??= {}) as Record<string, unknown>;
      ext[key.slice('enterprise:'.length)] = value;
    } else if (key.includes('.')) {
      const [parent, child] = key.split('.');
      ((out[parent] ??= {}) as Record<string, unknown>)[child] = value;
    } else out[key] = valueOf(key, value);
  }
  if (out[ENTERPRISE_USER]) out.schemas = [USER_SCHEMA, ENTERPRISE_USER];
  return out;
}

/** The patch operations that set `replace`, clear `remove` and, when given, set `active`. */
export function userPatch(replace: ScimValues, remove: string[], active?: boolean): PatchOperation[] {
  const ops: PatchOperation[] = Object.entries(replace).map(([k, v]) => ({
    op: 'replace',
    path: scimPath(k),
    value: valueOf(k, v),
  }));
  for (const k of remove) ops.push({ op: 'remove', path: scimPath(k) });
  if (active !== undefined) ops.push({ op: 'replace', path: 'active', value: active });
  return ops;
}

export const patchBody = (ops: PatchOperation[]) => ({ schemas: [PATCH_SCHEMA], Operations: ops });

function read(resource: ScimResource, key: string): unknown {
  if (key.startsWith('enterprise:'))
    return (resource[ENTERPRISE_USER] as Record<string, unknown> | undefined)?.[key.slice('enterprise:'.length)];
  if (key === 'emails') {
    const emails = (resource.emails as { value?: string; primary?: boolean }[] | undefined) ?? [];
    return (emails.find((e) => e.primary) ?? emails[0])?.value;
  }
  const [parent, child] = key.split('.');
  const top = Object.entries(resource).find(([k]) => k.toLowerCase() === parent.toLowerCase())?.[1];
  return child === undefined ? top : (top as Record<string, unknown> | undefined)?.[child];
}

/** The mapped values a resource holds (the keys Steward maps; absent ones left out). */
export function valuesOfResource(resource: ScimResource, keys: string[]): ScimValues {
  const out: ScimValues = {};
  for (const key of keys) {
    const v = read(resource, key);
    if (v !== undefined && v !== null && v !== '') out[key] = String(v);
  }
  return out;
}

export type DesiredResult = { ok: true; user: DesiredUser } | { ok: false; error: string };

/** A selected person's user: the mapped values (the first of a list) and the pushed groups they are in. */
export function desiredUser(facts: MappingFacts, mappings: Record<string, string>, groups: string[]): DesiredResult {
  const rendered = renderMappings(mappings, facts);
  const values: ScimValues = {};
  for (const [k, v] of Object.entries(rendered)) values[k] = v[0];
  if (!values.userName)
    return {
      ok: false,
      error: `the mapping for userName (${mappings.userName ?? 'not mapped'}) gives no value for person ${facts.id}`,
    };
  return { ok: true, user: { values, groups } };
}

/** When to try again after a 429 or 503: `Retry-After` in seconds or as an HTTP date; a minute when absent. */
export function retryAt(header: string | null, now: Date): Date {
  const fallback = new Date(now.getTime() + 60_000);
  if (!header) return fallback;
  const text = header.trim();
  if (/^\d+$/.test(text)) return new Date(now.getTime() + Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return fallback;
  return new Date(Math.max(at, now.getTime()));
}
