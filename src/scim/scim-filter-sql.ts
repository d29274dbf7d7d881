import { type RawBuilder, sql } from 'kysely';
import type { Filter } from 'scim2-parse-filter';
import type { MultiAttr, ScimAttrType } from './scim-attributes.ts';
import { invalidFilter } from './scim-errors.ts';
import { resolveUserAttr } from './scim-attributes.ts';
import {
  type Resolver,
  checkOperand,
  compared,
  type CompareOp,
  DEFAULT_SUB,
  type Operand,
  subAttr,
  topAttr,
} from './scim-filter-rules.ts';

/**
 * A SCIM filter as a SQL condition over `people p` (RFC 7644 §3.4.2.2), every value a bound parameter. Each condition
 * is two-valued (coalesced), so `not` means what scim-filter-eval.ts says it means even where a value is absent.
 * Multi-valued attributes (emails, phoneNumbers) are jsonb arrays: a comparison or a `[…]` filter holds when some
 * element `e(v, n)` of `jsonb_array_elements … with ordinality` satisfies it.
 */
export function filterToSql(filter: Filter, today: string, resolve: Resolver = resolveUserAttr): RawBuilder<boolean> {
  switch (filter.op) {
    case 'and':
    case 'or':
      return sql<boolean>`(${sql.join(
        filter.filters.map((f) => filterToSql(f, today, resolve)),
        sql.raw(` ${filter.op} `),
      )})`;
    case 'not':
      return sql<boolean>`(not ${filterToSql(filter.filter, today, resolve)})`;
    case '[]': {
      const { attr } = topAttr(filter.attrPath, resolve);
      if (attr.kind !== 'multi')
        throw invalidFilter(`${filter.attrPath} is not multi-valued: a [filter] does not apply`);
      return someElement(attr, elementSql(filter.valFilter, filter.attrPath, attr), today);
    }
    default: {
      const { attr, sub } = topAttr(filter.attrPath, resolve);
      if (attr.kind === 'scalar') {
        const exact = atomSql(filter, attr.type, attr.caseExact, attr.sql(today));
        const narrowed = filter.op === 'eq' && typeof filter.compValue === 'string' && attr.candidates;
        return narrowed ? sql<boolean>`(${attr.candidates!(filter.compValue as string)} and ${exact})` : exact;
      }
      if (filter.op === 'pr' && !sub) return sql<boolean>`(jsonb_array_length(${attr.column(today)}) > 0)`;
      const s = compared(filter.attrPath, attr, sub);
      const exact = someElement(attr, atomSql(filter, s.type, s.caseExact, s.sql), today);
      const within = (sub ?? DEFAULT_SUB) === DEFAULT_SUB ? containsCandidate(attr, filter) : null;
      return within ? sql<boolean>`(${within} and ${exact})` : exact;
    }
  }
}

const TEXT_OPS: ReadonlySet<string> = new Set(['eq', 'co', 'sw', 'ew']);

/**
 * A superset test for a string comparison on a multi-valued attribute's value: its indexed text contains the operand
 * (pg_trgm answers `like '%…%'` from a GIN index). Only for operands of three characters or more (fewer have no
 * trigram) holding nothing JSON would escape, so the value appears verbatim in the text.
 */
function containsCandidate(attr: MultiAttr, filter: Filter): RawBuilder<boolean> | null {
  if (!attr.text || !('compValue' in filter) || !TEXT_OPS.has(filter.op)) return null;
  const v = filter.compValue;
  if (typeof v !== 'string' || [...v].length < 3 || [...v].some((c) => c === '"' || c === '\\' || c < ' ')) return null;
  const escaped = v.replace(/[%_]/g, (c) => `\\${c}`);
  return sql<boolean>`(${attr.text} like '%' || lower(${escaped}) || '%')`;
}

const someElement = (attr: MultiAttr, condition: RawBuilder<boolean>, today: string) =>
  sql<boolean>`exists (select 1 from jsonb_array_elements(${attr.column(today)}) with ordinality as e(v, n) where ${condition})`;

function elementSql(filter: Filter, parent: string, attr: MultiAttr): RawBuilder<boolean> {
  switch (filter.op) {
    case 'and':
    case 'or':
      return sql<boolean>`(${sql.join(
        filter.filters.map((f) => elementSql(f, parent, attr)),
        sql.raw(` ${filter.op} `),
      )})`;
    case 'not':
      return sql<boolean>`(not ${elementSql(filter.filter, parent, attr)})`;
    case '[]':
      throw invalidFilter(`${parent}[…] cannot hold another [filter]`);
    default: {
      const s = subAttr(parent, attr, filter.attrPath);
      return atomSql(filter, s.type, s.caseExact, s.sql);
    }
  }
}

function atomSql(
  filter: Extract<Filter, { attrPath: string; op: CompareOp | 'pr' }>,
  type: ScimAttrType,
  caseExact: boolean,
  column: RawBuilder<unknown>,
): RawBuilder<boolean> {
  if (filter.op === 'pr')
    return type === 'string' ? sql<boolean>`coalesce(${column} <> '', false)` : sql<boolean>`(${column} is not null)`;
  const operand = checkOperand(filter.attrPath, type, filter.op, filter.compValue);
  return compareSql(filter.op, column, operand, type, caseExact);
}

const sqlOps: Record<'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le', string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};

function compareSql(
  op: CompareOp,
  column: RawBuilder<unknown>,
  operand: Operand,
  type: ScimAttrType,
  caseExact: boolean,
): RawBuilder<boolean> {
  if (operand === null) return op === 'eq' ? sql<boolean>`(${column} is null)` : sql<boolean>`(${column} is not null)`;
  const absent = op === 'ne' ? sql`true` : sql`false`;
  if (type === 'boolean') return sql<boolean>`coalesce(${column} ${sql.raw(sqlOps[op as 'eq'])} ${operand}, ${absent})`;
  if (type === 'dateTime')
    return sql<boolean>`coalesce(${column} ${sql.raw(sqlOps[op as 'eq'])} ${(operand as Date).toISOString()}::timestamptz, ${absent})`;
  const a = caseExact ? sql`(${column})::text` : sql`lower(${column})`;
  const b = caseExact ? sql`${operand}::text` : sql`lower(${operand}::text)`;
  switch (op) {
    case 'co':
      return sql<boolean>`coalesce(strpos(${a}, ${b}) > 0, false)`;
    case 'sw':
      return sql<boolean>`coalesce(starts_with(${a}, ${b}), false)`;
    case 'ew':
      return sql<boolean>`coalesce(right(${a}, length(${b})) = ${b}, false)`;
    default:
      return sql<boolean>`coalesce(${a} collate "C" ${sql.raw(sqlOps[op])} ${b} collate "C", ${absent})`;
  }
}
