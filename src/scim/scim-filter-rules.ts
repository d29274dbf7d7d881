import { type Filter, parse } from 'scim2-parse-filter';
import { type Attr, resolveUserAttr, type ScimAttrType, type SubAttr } from './scim-attributes.ts';

/** Finds the attribute a path names in one resource type (Users by default). */
export type Resolver = (path: string) => { attr: Attr; sub?: string } | null;
import { invalidFilter } from './scim-errors.ts';

/**
 * The rules a SCIM filter obeys before anything evaluates it (RFC 7644 §3.4.2.2), shared by the SQL compiler
 * (scim-filter-sql.ts) and the in-memory evaluator (scim-filter-eval.ts) so that both refuse the same filters.
 */

/** Parses `filter=`; a malformed one is `invalidFilter`. */
export function parseScimFilter(text: string): Filter {
  try {
    return parse(text);
  } catch (e) {
    throw invalidFilter(`the filter is malformed: ${(e as Error).message}`);
  }
}

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
const ordering: ReadonlySet<string> = new Set(['gt', 'ge', 'lt', 'le']);
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A comparison checked against its attribute's type: the value to compare with (a Date for dateTime), or null. */
export type Operand = string | boolean | Date | null;

/**
 * Checks `attr op value`: null only with eq/ne (absent/present), booleans only with eq/ne, dateTime values in
 * xsd:dateTime form without co/sw/ew, strings with every operator. Anything else is `invalidFilter`.
 */
export function checkOperand(path: string, type: ScimAttrType, op: CompareOp, value: unknown): Operand {
  if (value === null) {
    if (op === 'eq' || op === 'ne') return null;
    throw invalidFilter(`${path} ${op} null: only eq and ne compare with null`);
  }
  if (type === 'boolean') {
    if (typeof value !== 'boolean') throw invalidFilter(`${path} is a boolean: compare it with true or false`);
    if (op !== 'eq' && op !== 'ne') throw invalidFilter(`${path} is a boolean: only eq and ne apply`);
    return value;
  }
  if (typeof value !== 'string') throw invalidFilter(`${path} is a ${type}: compare it with a string`);
  if (type === 'dateTime') {
    if (!ordering.has(op) && op !== 'eq' && op !== 'ne')
      throw invalidFilter(`${path} is a dateTime: ${op} does not apply`);
    const at = new Date(value);
    if (!ISO_DATE_TIME.test(value) || Number.isNaN(at.getTime()))
      throw invalidFilter(`${path}: "${value}" is not a dateTime (xsd:dateTime, e.g. 2011-05-13T04:42:34Z)`);
    return at;
  }
  return value;
}

/** The attribute a comparison names at the top level; an unknown one is `invalidFilter`. */
export function topAttr(path: string, resolve: Resolver = resolveUserAttr): { attr: Attr; sub?: string } {
  const found = resolve(path);
  if (!found) throw invalidFilter(`${path} is not a filterable attribute`);
  return found;
}

/** A sub-attribute named inside `emails[…]`; an unknown one is `invalidFilter`. */
export function subAttr(parent: string, attr: Attr, path: string): SubAttr {
  if (attr.kind !== 'multi') throw invalidFilter(`${parent} is not multi-valued: a [filter] does not apply`);
  let p = path.toLowerCase();
  if (p.startsWith(`${parent.toLowerCase()}.`)) p = p.slice(parent.length + 1);
  const sub = attr.sub[p];
  if (!sub) throw invalidFilter(`${parent} has no sub-attribute ${path}`);
  return sub;
}

/** The sub-attribute a bare multi-valued attribute stands for in a comparison (`emails co "x"`: its value). */
export const DEFAULT_SUB = 'value';

/** The sub-attribute `path` compares: the one named, else `value`; a complex one without `value` is `invalidFilter`. */
export function compared(path: string, attr: Attr, sub: string | undefined): SubAttr {
  const found = attr.kind === 'multi' ? attr.sub[sub ?? DEFAULT_SUB] : undefined;
  if (!found)
    throw invalidFilter(`${path} has no value to compare: name a sub-attribute (${path}.name) or use [filter]`);
  return found;
}
