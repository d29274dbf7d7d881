import { type RawBuilder, sql } from 'kysely';
import { resolveUserAttr } from './scim-attributes.ts';
import type { Resolver } from './scim-filter-rules.ts';
import { invalidValue } from './scim-errors.ts';

/** The largest page the service returns (advertised as `filter.maxResults`); a larger `count` is clamped to it. */
export const MAX_RESULTS = 200;
const LAST_START = 2 ** 31;

/** A query's filter, order and page (RFC 7644 §3.4.2), with `startIndex` and `count` already normalised. */
export interface PageRequest {
  filter?: string;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
  /** 1-based; anything below 1 is read as 1 (§3.4.2.4). */
  startIndex: number;
  /** 0 asks only for totalResults; negative is read as 0; above MAX_RESULTS is clamped (§3.4.2.4). */
  count: number;
  attributes?: string[];
  excludedAttributes?: string[];
}

export interface PageQuery {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: number | string;
  count?: number | string;
  attributes?: string | string[];
  excludedAttributes?: string | string[];
}

const integer = (name: string, raw: number | string | undefined, fallback: number): number => {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n)) throw invalidValue(`${name} must be an integer`);
  return n;
};

const list = (raw: string | string[] | undefined): string[] | undefined =>
  raw === undefined
    ? undefined
    : (Array.isArray(raw) ? raw : [raw])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean);

/** Reads the query parameters (or a `.search` body) of a list request. */
export function pageRequest(q: PageQuery): PageRequest {
  const order = q.sortOrder?.toLowerCase();
  if (order !== undefined && order !== 'ascending' && order !== 'descending')
    throw invalidValue('sortOrder must be "ascending" or "descending"');
  const attributes = list(q.attributes);
  const excludedAttributes = list(q.excludedAttributes);
  if (attributes?.length && excludedAttributes?.length)
    throw invalidValue('give attributes or excludedAttributes, not both');
  return {
    ...(q.filter !== undefined ? { filter: q.filter } : {}),
    ...(q.sortBy ? { sortBy: q.sortBy } : {}),
    sortOrder: order ?? 'ascending',
    // Past any directory's end, and within what the database counts in.
    startIndex: Math.min(LAST_START, Math.max(1, integer('startIndex', q.startIndex, 1))),
    count: Math.min(MAX_RESULTS, Math.max(0, integer('count', q.count, MAX_RESULTS))),
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  };
}

/**
 * `sortBy` as an ORDER BY term: a single-valued attribute, or a multi-valued one by its primary (first) value;
 * strings without caseExact sort lowercased, in code-point order; absent values come last ascending (first
 * descending). An attribute that cannot sort is `invalidValue`.
 */
export function sortSql(
  sortBy: string | undefined,
  order: 'ascending' | 'descending',
  today: string,
  resolve: Resolver = resolveUserAttr,
): RawBuilder<unknown> {
  if (!sortBy) return sql`(0 = 0)`;
  return sql`${sortKeySql(sortBy, today, resolve)} ${sortDirection(order)}`;
}

export const sortDirection = (order: 'ascending' | 'descending') =>
  order === 'descending' ? sql`desc nulls first` : sql`asc nulls last`;

/** The value `sortBy` orders by (strings lowercased unless caseExact, in code-point order), without direction. */
export function sortKeySql(sortBy: string, today: string, resolve: Resolver = resolveUserAttr): RawBuilder<unknown> {
  const found = resolve(sortBy);
  if (!found) throw invalidValue(`sortBy: ${sortBy} is not an attribute that can sort`);
  const { attr, sub } = found;
  if (attr.kind === 'scalar') {
    const column = attr.sql(today);
    if (attr.type !== 'string') return column;
    return sql`${attr.caseExact ? sql`(${column})::text` : sql`lower(${column})`} collate "C"`;
  }
  const s = attr.sub[sub ?? 'value'];
  if (!s) throw invalidValue(`sortBy: ${sortBy} has no value to sort by: name a sub-attribute`);
  const first = sql`(select ${s.sql} from jsonb_array_elements(${attr.column(today)}) with ordinality as e(v, n) where e.n = 1)`;
  return s.type === 'string' ? sql`lower(${first}) collate "C"` : first;
}
