import Type from 'typebox';
import type { FieldProblem } from '../platform/errors.ts';
import { problemsOf } from '../platform/validate.ts';
import { Id } from '../platform/http/schemas.ts';

/**
 * Status types as data (the seed's People_Status_Types): a name, a rank (higher wins), a
 * category (for look-ahead), card and directory flags, and which affiliations give the
 * status. Adding a status is a row, not code. Pure.
 *
 * A match is a conjunction: every criterion given must hold; a list criterion holds when
 * any of its entries does. Codes are patterns compared case-sensitively; a trailing '%'
 * makes one a prefix wildcard ('E%' is any code starting with E, '%' alone is any code).
 */

/** Directory flag: in, out, optional and included by default, optional and left out by default. */
export type DirectoryFlag = 'Y' | 'N' | 'O' | 'P';
export const directoryFlags: readonly DirectoryFlag[] = ['Y', 'N', 'O', 'P'];

export interface StatusMatch {
  sources?: string[];
  kinds?: string[];
  codes?: string[];
  orgPath?: string;
  attributes?: Record<string, string | string[]>;
}

/** A status type before the store gives it an id (what an administrator writes). */
export interface StatusTypeDefinition {
  name: string;
  /** Higher wins: the highest-ranked status a person holds is their primary status. */
  rank: number;
  /** Statuses of one category bridge each other's gaps (look-ahead). */
  category: string;
  /** What the ID card says, if this status gives a card. */
  cardLabel: string | null;
  directory: DirectoryFlag;
  description: string;
  match: StatusMatch;
}

export interface StatusType extends StatusTypeDefinition {
  id: number;
}

/**
 * The one tie-break rule for "which status is primary": higher rank first, then the lower
 * status type id (the type defined earlier), so equal ranks never depend on load order.
 */
export function comparePriority(rankA: number, idA: number, rankB: number, idB: number): number {
  return rankB - rankA || idA - idB;
}

/** Status types in priority order (a sorted copy): the order matchers report them in. */
export function byPriority<T extends { rank: number; id: number }>(types: readonly T[]): T[] {
  return [...types].sort((a, b) => comparePriority(a.rank, a.id, b.rank, b.id));
}

export const matchCriteria = ['sources', 'kinds', 'codes', 'orgPath', 'attributes'] as const;

const ORG_PATH = /^\/(\d+\/)+$/;
const nonEmptyList = (maxLength: number) =>
  Type.Array(Type.String({ minLength: 1, maxLength }), { minItems: 1, uniqueItems: true });

/** The shape of a match; unknown criteria are refused, because a typo would widen the match. */
export const statusMatchSchema = Type.Object(
  {
    sources: Type.Optional(nonEmptyList(64)),
    kinds: Type.Optional(nonEmptyList(64)),
    codes: Type.Optional(nonEmptyList(64)),
    orgPath: Type.Optional(Type.String({ minLength: 3, maxLength: 1000 })),
    attributes: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Unsafe<string | string[]>({
          type: ['string', 'array'],
          minLength: 1,
          items: { type: 'string', minLength: 1 },
          minItems: 1,
          uniqueItems: true,
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

/** The shape of a status type (id optional: a new one has none yet); routes may reuse it. */
export const statusTypeSchema = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    rank: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    category: Type.String({ minLength: 1, maxLength: 32 }),
    cardLabel: Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, maxLength: 32 }),
    directory: Type.Unsafe<DirectoryFlag>({ type: 'string', enum: [...directoryFlags] }),
    description: Type.String({ maxLength: 2000 }),
    match: statusMatchSchema,
  },
  { additionalProperties: false },
);

function blank(text: string): boolean {
  return text.trim() === '';
}

function matchProblems(match: StatusMatch, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!matchCriteria.some((c) => match[c] !== undefined)) {
    problems.push({
      field: at,
      rule: 'not-empty',
      message:
        'an empty match would give this status to everyone: give at least one of sources, kinds, codes, orgPath or attributes',
    });
  }
  (match.codes ?? []).forEach((code, i) => {
    if (code.indexOf('%') !== -1 && code.indexOf('%') !== code.length - 1) {
      problems.push({
        field: `${at}/codes/${i}`,
        rule: 'wildcard',
        message: "'%' may only end a code, as a prefix wildcard (E%)",
      });
    }
  });
  if (match.orgPath !== undefined && !ORG_PATH.test(match.orgPath)) {
    problems.push({ field: `${at}/orgPath`, rule: 'org-path', message: 'must be an org unit path such as /1/4/' });
  }
  for (const key of Object.keys(match.attributes ?? {})) {
    if (blank(key))
      problems.push({
        field: `${at}/attributes/${key}`,
        rule: 'not-blank',
        message: 'an attribute name must not be blank',
      });
  }
  if (match.attributes !== undefined && Object.keys(match.attributes).length === 0) {
    problems.push({
      field: `${at}/attributes`,
      rule: 'not-empty',
      message: 'give at least one attribute, or leave attributes out',
    });
  }
  return problems;
}

/**
 * Problems with one status type (empty when valid), named by field and rule like every
 * other validation: "/match/codes/0 wildcard". Shape first; the rules only once the shape
 * is right, so each problem is reported once.
 */
export function statusTypeProblems(value: unknown, prefix = ''): FieldProblem[] {
  const shape = problemsOf(statusTypeSchema, value, prefix);
  if (shape.length) return shape;
  const type = value as StatusTypeDefinition;
  const problems: FieldProblem[] = [];
  if (blank(type.name)) problems.push({ field: `${prefix}/name`, rule: 'not-blank', message: 'must not be blank' });
  if (blank(type.category))
    problems.push({ field: `${prefix}/category`, rule: 'not-blank', message: 'must not be blank' });
  if (type.cardLabel !== null && blank(type.cardLabel))
    problems.push({
      field: `${prefix}/cardLabel`,
      rule: 'not-blank',
      message: 'must not be blank (use null for no card)',
    });
  problems.push(...matchProblems(type.match, `${prefix}/match`));
  return problems;
}

/**
 * Problems with a whole set of status types: each one's own, plus ids and names that must
 * be unique (names ignoring case, since people pick a status by its name).
 */
export function statusTypeSetProblems(types: readonly unknown[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const ids = new Set<number>();
  const names = new Map<string, number>();
  types.forEach((value, i) => {
    problems.push(...statusTypeProblems(value, `${prefix}/${i}`));
    const t = (typeof value === 'object' && value !== null ? value : {}) as Partial<StatusType>;
    if (typeof t.id === 'number') {
      if (ids.has(t.id))
        problems.push({ field: `${prefix}/${i}/id`, rule: 'unique', message: `id ${t.id} is used twice` });
      ids.add(t.id);
    }
    if (typeof t.name === 'string' && !blank(t.name)) {
      const key = t.name.trim().toLowerCase();
      const first = names.get(key);
      if (first !== undefined)
        problems.push({
          field: `${prefix}/${i}/name`,
          rule: 'unique',
          message: `"${t.name}" is also the name of ${prefix}/${first}`,
        });
      else names.set(key, i);
    }
  });
  return problems;
}
