import type { Filter } from 'scim2-parse-filter';
import type { Element, ScimAttrType } from './scim-attributes.ts';
import { invalidFilter } from './scim-errors.ts';
import {
  checkOperand,
  type CompareOp,
  compared,
  DEFAULT_SUB,
  type Operand,
  type Resolver,
  subAttr,
  topAttr,
} from './scim-filter-rules.ts';
import { resolveUserAttr } from './scim-attributes.ts';
import type { ScimPersonRow } from './scim-person-row.ts';

/**
 * The meaning of a SCIM filter over one person, in memory (RFC 7644 §3.4.2.2): the rule the SQL compiler must agree
 * with. Strings compare case-insensitively unless the attribute is caseExact, ordering by code unit; an absent value
 * matches only `ne` and `eq null`; a multi-valued attribute matches when one of its elements does.
 */
export function matchesFilter(filter: Filter, row: ScimPersonRow, resolve: Resolver = resolveUserAttr): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesFilter(f, row, resolve));
    case 'or':
      return filter.filters.some((f) => matchesFilter(f, row, resolve));
    case 'not':
      return !matchesFilter(filter.filter, row, resolve);
    case '[]': {
      const { attr } = topAttr(filter.attrPath, resolve);
      if (attr.kind !== 'multi')
        throw invalidFilter(`${filter.attrPath} is not multi-valued: a [filter] does not apply`);
      return attr.elements(row).some((e) => matchesElement(filter.valFilter, filter.attrPath, attr, e));
    }
    default: {
      const { attr, sub } = topAttr(filter.attrPath, resolve);
      if (attr.kind === 'scalar') return atom(filter, attr.type, attr.caseExact, attr.value(row));
      if (filter.op === 'pr' && !sub) return attr.elements(row).length > 0;
      const s = compared(filter.attrPath, attr, sub);
      return attr.elements(row).some((e) => atom(filter, s.type, s.caseExact, s.value(e)));
    }
  }
}

type MultiAttr = Extract<ReturnType<typeof topAttr>['attr'], { kind: 'multi' }>;

function matchesElement(filter: Filter, parent: string, attr: MultiAttr, e: Element): boolean {
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matchesElement(f, parent, attr, e));
    case 'or':
      return filter.filters.some((f) => matchesElement(f, parent, attr, e));
    case 'not':
      return !matchesElement(filter.filter, parent, attr, e);
    case '[]':
      throw invalidFilter(`${parent}[…] cannot hold another [filter]`);
    default: {
      const s = subAttr(parent, attr, filter.attrPath);
      return atom(filter, s.type, s.caseExact, s.value(e));
    }
  }
}

function atom(
  filter: Extract<Filter, { attrPath: string; op: CompareOp | 'pr' }>,
  type: ScimAttrType,
  caseExact: boolean,
  actual: string | boolean | Date | null,
): boolean {
  if (filter.op === 'pr') return actual !== null && actual !== '';
  const operand = checkOperand(filter.attrPath, type, filter.op, filter.compValue);
  return compare(filter.op, actual, operand, caseExact);
}

function compare(op: CompareOp, actual: string | boolean | Date | null, operand: Operand, caseExact: boolean): boolean {
  if (operand === null) return op === 'eq' ? actual === null : actual !== null;
  if (actual === null) return op === 'ne';
  const norm = (v: string) => (caseExact ? v : v.toLowerCase());
  const a = actual instanceof Date ? actual.getTime() : typeof actual === 'string' ? norm(actual) : actual;
  const b = operand instanceof Date ? operand.getTime() : typeof operand === 'string' ? norm(operand) : operand;
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'co':
      return (a as string).includes(b as string);
    case 'sw':
      return (a as string).startsWith(b as string);
    case 'ew':
      return (a as string).endsWith(b as string);
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
  }
}

/**
 * The order `sortBy` puts people in, in memory (what sortSql in scim-paging.ts does in SQL): strings lowercased
 * unless caseExact and compared by code unit, a multi-valued attribute by its primary value, absent values last
 * ascending and first descending, ties by id.
 */
export function sortRows(
  rows: ScimPersonRow[],
  sortBy: string,
  order: 'ascending' | 'descending',
  resolve: Resolver = resolveUserAttr,
): ScimPersonRow[] {
  const { attr, sub } = topAttr(sortBy, resolve);
  const key = (r: ScimPersonRow): string | number | boolean | null => {
    let v: string | boolean | Date | null;
    let caseExact = false;
    if (attr.kind === 'scalar') {
      v = attr.value(r);
      caseExact = attr.caseExact;
    } else {
      const first = attr.elements(r)[0];
      v = first ? attr.sub[sub ?? DEFAULT_SUB]!.value(first) : null;
    }
    if (v instanceof Date) return v.getTime();
    return typeof v === 'string' && !caseExact ? v.toLowerCase() : v;
  };
  const sign = order === 'descending' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) return a.id - b.id;
    if (ka === null) return sign;
    if (kb === null) return -sign;
    return (ka < kb ? -1 : 1) * sign || a.id - b.id;
  });
}
