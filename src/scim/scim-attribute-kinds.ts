import { type RawBuilder, sql } from 'kysely';
import type { ScimPersonRow } from './scim-person-row.ts';

/** The attribute types the filterable attributes have (RFC 7643 §2.3). */
export type ScimAttrType = 'string' | 'boolean' | 'dateTime';

/** A single-valued attribute: its SQL over `people p` (with `today` for what holds today) and its value in memory. */
export interface ScalarAttr {
  kind: 'scalar';
  type: ScimAttrType;
  caseExact: boolean;
  sql: (today: string) => RawBuilder<unknown>;
  value: (row: ScimPersonRow) => string | boolean | Date | null;
  /**
   * For `eq` on a string: a condition every person whose value equals the operand meets (a superset the planner can
   * answer from an index); the compiler ANDs it with the exact condition, so it changes speed, never meaning.
   */
  candidates?: (operand: string) => RawBuilder<boolean>;
}

/** One element of a multi-valued attribute in memory, by sub-attribute name (lowercased). */
export type Element = Readonly<Record<string, string | boolean | null>>;

export interface SubAttr {
  type: ScimAttrType;
  caseExact: boolean;
  /** Over the element `e(v, n)` of `jsonb_array_elements(...) with ordinality`. */
  sql: RawBuilder<unknown>;
  value: (e: Element) => string | boolean | null;
}

export interface MultiAttr {
  kind: 'multi';
  /** The jsonb array holding the elements (a column of `people`, or a subquery over what holds `today`). */
  column: (today: string) => RawBuilder<unknown>;
  sub: Record<string, SubAttr>;
  elements: (row: ScimPersonRow) => Element[];
  /**
   * An indexed (pg_trgm) lowercased text holding every element's value verbatim, for a superset test of
   * `eq`/`co`/`sw`/`ew` on the value: `like '%operand%'` (see containsCandidate in scim-filter-sql.ts).
   */
  text?: RawBuilder<string>;
}

export type Attr = ScalarAttr | MultiAttr;

export const text = (caseExact: boolean, sqlOf: RawBuilder<unknown>, value: ScalarAttr['value']): ScalarAttr => ({
  kind: 'scalar',
  type: 'string',
  caseExact,
  sql: () => sqlOf,
  value,
});

/** A string over what holds today (the primary affiliation's unit …). */
export const textToday = (
  caseExact: boolean,
  sqlOf: (today: string) => RawBuilder<unknown>,
  value: ScalarAttr['value'],
): ScalarAttr => ({ kind: 'scalar', type: 'string', caseExact, sql: sqlOf, value });

/** emails / phoneNumbers: `value` (under `valueKey` in the jsonb), `type` (the label), `primary` (the first). */
export const multi = (column: RawBuilder<unknown>, valueKey: string, elements: MultiAttr['elements']): MultiAttr => ({
  kind: 'multi',
  column: () => column,
  elements,
  sub: {
    value: { type: 'string', caseExact: false, sql: sql`(e.v->>${sql.lit(valueKey)})`, value: (e) => e.value ?? null },
    type: { type: 'string', caseExact: false, sql: sql`(e.v->>'label')`, value: (e) => e.type ?? null },
    primary: { type: 'boolean', caseExact: false, sql: sql`(e.n = 1)`, value: (e) => e.primary ?? null },
  },
});

/**
 * A multi-valued complex attribute of string sub-attributes, each stored under its own name in the jsonb elements
 * and in memory under its lowercased name.
 */
export const complex = (
  column: (today: string) => RawBuilder<unknown>,
  subs: Record<string, boolean>,
  elements: MultiAttr['elements'],
): MultiAttr => ({
  kind: 'multi',
  column,
  elements,
  sub: Object.fromEntries(
    Object.entries(subs).map(([name, caseExact]) => [
      name.toLowerCase(),
      {
        type: 'string',
        caseExact,
        sql: sql`(e.v->>${sql.lit(name)})`,
        value: (e: Element) => (e[name.toLowerCase()] as string | null | undefined) ?? null,
      } satisfies SubAttr,
    ]),
  ),
});
