import { dateRangeMessage } from '../platform/date-range-rules.ts';
import type { OrgKindField } from '../platform/db/schema.ts';
import { resolveCustom, valueFromText } from './custom-fields.ts';
import { keysOnCycles } from './org-tree.ts';
import { sameJson, type UnitFacts } from './unit-changes.ts';
import { CODE_PATTERN, NAME_MAX } from './unit-rules.ts';
import { isIsoDate, livesBeyond } from './validity.ts';

/**
 * Planning an org import: every CSV line is checked (columns, dates, kind, custom fields
 * against the kind's schema, duplicate codes, parents resolved within the file and against
 * existing units, cycles, and ends that would strand a living subtree), and the lines that
 * pass become creates, updates or no-ops. Pure: the caller loads the context and applies
 * the plan, so a dry run and a real run decide exactly the same things.
 */
export interface ImportError {
  line: number;
  field: string;
  rule: string;
  message: string;
}

export interface CsvRecord {
  /** Line number in the file (the header is line 1). */
  line: number;
  cells: string[];
}

export interface ExistingUnit extends Omit<UnitFacts, 'parentId'> {
  id: number;
  code: string;
  parentCode: string | null;
}

export interface ImportContext {
  kinds: ReadonlyMap<string, readonly OrgKindField[]>;
  /** Every existing unit, by code. */
  units: ReadonlyMap<string, ExistingUnit>;
  /** Latest end of the affiliations of each unit (by code): null when one is open-ended. */
  affiliationEnds: ReadonlyMap<string, string | null>;
}

export type FinalFacts = Omit<UnitFacts, 'parentId'> & { parentCode: string | null };

export interface PlannedUnit {
  line: number;
  code: string;
  action: 'create' | 'update' | 'unchanged';
  existing: ExistingUnit | null;
  final: FinalFacts;
}

export interface ImportPlan {
  rows: number;
  units: PlannedUnit[];
  errors: ImportError[];
  failed: number;
  /** Every unit's parent code once the plan is applied (existing units and planned lines). */
  parentOf: ReadonlyMap<string, string | null>;
}

export const importColumns = [
  'code',
  'parent_code',
  'kind',
  'name',
  'abbreviation',
  'alt_names',
  'valid_from',
  'valid_to',
];
const requiredColumns = ['code', 'kind', 'name'];
const CUSTOM_COLUMN = /^custom\.[a-z][a-z0-9_]*$/;

/** Problems with the header line: required columns missing, unknown or repeated columns. */
export function headerProblems(header: string[]): ImportError[] {
  const errors: ImportError[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column))
      errors.push({ line: 1, field: column, rule: 'unique-column', message: `column ${column} appears twice` });
    seen.add(column);
    if (!importColumns.includes(column) && !CUSTOM_COLUMN.test(column)) {
      errors.push({
        line: 1,
        field: column,
        rule: 'unknown-column',
        message: `unknown column ${column}; expected ${importColumns.join(', ')} or custom.<field>`,
      });
    }
  }
  for (const column of requiredColumns)
    if (!seen.has(column))
      errors.push({ line: 1, field: column, rule: 'required-column', message: `the file needs a ${column} column` });
  return errors;
}

interface Candidate {
  line: number;
  existing: ExistingUnit | null;
  final: FinalFacts;
  /** True when this line sets or changes the unit's end. */
  ends: boolean;
}

function parseRecord(rec: CsvRecord, header: string[], ctx: ImportContext, errors: ImportError[]): Candidate | null {
  const fail = (field: string, rule: string, message: string) => errors.push({ line: rec.line, field, rule, message });
  if (rec.cells.length !== header.length) {
    fail('*', 'column-count', `has ${rec.cells.length} values; the header has ${header.length} columns`);
    return null;
  }
  const cell = (column: string): string | undefined => {
    const i = header.indexOf(column);
    return i < 0 ? undefined : rec.cells[i].trim();
  };
  const optional = (column: string): string | null | undefined => {
    const v = cell(column);
    return v === undefined ? undefined : v === '' ? null : v;
  };
  const before = errors.length;
  const code = cell('code') ?? '';
  const kind = cell('kind') ?? '';
  const name = cell('name') ?? '';
  if (!code) fail('code', 'required', 'is required');
  else if (!CODE_PATTERN.test(code))
    fail('code', 'pattern', 'must be 1-64 letters, digits, dots, dashes or underscores');
  if (!name) fail('name', 'required', 'is required');
  else if (name.length > NAME_MAX) fail('name', 'maxLength', `must be at most ${NAME_MAX} characters`);
  const fields = ctx.kinds.get(kind);
  if (!kind) fail('kind', 'required', 'is required');
  else if (!fields) fail('kind', 'exists', `unknown kind ${kind}; known: ${[...ctx.kinds.keys()].join(', ')}`);
  const dates: Record<string, string | null | undefined> = {};
  for (const column of ['valid_from', 'valid_to']) {
    const v = optional(column);
    if (v && !isIsoDate(v)) fail(column, 'format:date', `${v} is not a date (YYYY-MM-DD)`);
    else if (v && dateRangeMessage(v, 'date')) fail(column, 'date-range', dateRangeMessage(v, 'date')!);
    dates[column] = v;
  }
  const existing = ctx.units.get(code) ?? null;
  const validFrom = dates.valid_from === undefined ? (existing?.validFrom ?? null) : dates.valid_from;
  const validTo = dates.valid_to === undefined ? (existing?.validTo ?? null) : dates.valid_to;
  if (validFrom && validTo && validTo < validFrom)
    fail('valid_to', 'after-valid-from', `${validTo} is before valid_from ${validFrom}`);
  const patch: Record<string, unknown> = {};
  header.forEach((column, i) => {
    if (!CUSTOM_COLUMN.test(column)) return;
    const fieldName = column.slice('custom.'.length);
    const field = fields?.find((f) => f.name === fieldName);
    const text = rec.cells[i].trim();
    if (field) patch[fieldName] = valueFromText(field, text);
    else if (text !== '' && fields) fail(column, 'unknown-field', `kind ${kind} has no field ${fieldName}`);
  });
  let custom: Record<string, unknown> = {};
  if (fields && errors.length === before) {
    const stored = existing ? existing.custom : {};
    const resolved = resolveCustom(fields, stored, patch, '');
    for (const p of resolved.problems) fail(`custom.${p.field.replace(/^\//, '')}`, p.rule, p.message);
    custom = resolved.values;
  }
  if (errors.length > before) return null;
  const altText = cell('alt_names');
  const abbreviation = optional('abbreviation');
  const parentCode = optional('parent_code');
  return {
    line: rec.line,
    existing,
    ends: validTo !== null && validTo !== (existing?.validTo ?? null),
    final: {
      kind,
      name,
      abbreviation: abbreviation === undefined ? (existing?.abbreviation ?? null) : abbreviation,
      altNames:
        altText === undefined
          ? (existing?.altNames ?? [])
          : altText
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean),
      parentCode: parentCode === undefined ? (existing?.parentCode ?? null) : parentCode,
      validFrom,
      validTo,
      custom,
    },
  };
}

/** Decides, line by line, what importing these records would do. */
export function planImport(header: string[], records: CsvRecord[], ctx: ImportContext): ImportPlan {
  const headerErrors = headerProblems(header);
  if (headerErrors.length)
    return { rows: records.length, units: [], errors: headerErrors, failed: records.length, parentOf: new Map() };
  const errors: ImportError[] = [];
  const alive = new Map<string, Candidate>();
  const firstLine = new Map<string, number>();
  const codeAt = header.indexOf('code');
  for (const rec of records) {
    const code = rec.cells[codeAt]?.trim();
    if (code && firstLine.has(code)) {
      errors.push({
        line: rec.line,
        field: 'code',
        rule: 'unique-in-file',
        message: `${code} already appears on line ${firstLine.get(code)}`,
      });
      continue;
    }
    if (code) firstLine.set(code, rec.line);
    const candidate = parseRecord(rec, header, ctx, errors);
    if (candidate && code) alive.set(code, candidate);
  }
  const drop = (code: string, field: string, rule: string, message: string) => {
    errors.push({ line: alive.get(code)!.line, field, rule, message });
    alive.delete(code);
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const [code, c] of alive) {
      const parent = c.final.parentCode;
      if (parent === null || alive.has(parent) || ctx.units.has(parent)) continue;
      if (firstLine.has(parent))
        drop(
          code,
          'parent_code',
          'parent-failed',
          `parent ${parent} (line ${firstLine.get(parent)}) could not be imported`,
        );
      else drop(code, 'parent_code', 'exists', `no unit has code ${parent}, in the file or in Steward`);
      changed = true;
    }
    if (changed) continue;
    const parentOf = finalParents(alive, ctx);
    for (const code of keysOnCycles(parentOf)) {
      if (!alive.has(code)) continue;
      drop(code, 'parent_code', 'cycle', `${code} would end up inside its own subtree`);
      changed = true;
    }
    if (changed) continue;
    changed = dropStrandingEnds(alive, parentOf, ctx, drop);
  }
  const units: PlannedUnit[] = [...alive].map(([code, c]) => ({
    line: c.line,
    code,
    existing: c.existing,
    final: c.final,
    action: !c.existing ? 'create' : sameFacts(c.existing, c.final) ? 'unchanged' : 'update',
  }));
  errors.sort((a, b) => a.line - b.line);
  return {
    rows: records.length,
    units,
    errors,
    failed: new Set(errors.map((e) => e.line)).size,
    parentOf: finalParents(alive, ctx),
  };
}

function finalParents(alive: ReadonlyMap<string, Candidate>, ctx: ImportContext): Map<string, string | null> {
  const parentOf = new Map<string, string | null>();
  for (const [code, u] of ctx.units) parentOf.set(code, u.parentCode);
  for (const [code, c] of alive) parentOf.set(code, c.final.parentCode);
  return parentOf;
}

/**
 * Lines that end a unit while something in its final subtree lives on fail: ending a subtree is `orgs end --cascade`.
 */
function dropStrandingEnds(
  alive: Map<string, Candidate>,
  parentOf: ReadonlyMap<string, string | null>,
  ctx: ImportContext,
  drop: (code: string, field: string, rule: string, message: string) => void,
): boolean {
  const enders = [...alive].filter(([, c]) => c.ends);
  if (enders.length === 0) return false;
  const children = new Map<string, string[]>();
  for (const [code, parent] of parentOf) {
    if (parent === null) continue;
    const list = children.get(parent);
    if (list) list.push(code);
    else children.set(parent, [code]);
  }
  const validToOf = (code: string) =>
    alive.has(code) ? alive.get(code)!.final.validTo : (ctx.units.get(code)?.validTo ?? null);
  let dropped = false;
  for (const [code, c] of enders) {
    const end = c.final.validTo!;
    let units = 0;
    let affiliations = 0;
    const stack = [code];
    while (stack.length) {
      const at = stack.pop()!;
      if (!alive.has(at) && !ctx.units.has(at)) continue;
      if (at !== code && livesBeyond(validToOf(at), end)) units++;
      if (ctx.affiliationEnds.has(at) && livesBeyond(ctx.affiliationEnds.get(at)!, end)) affiliations++;
      stack.push(...(children.get(at) ?? []));
    }
    if (units || affiliations) {
      const what = [units && `${units} unit(s)`, affiliations && `affiliations in ${affiliations} unit(s)`]
        .filter(Boolean)
        .join(' and ');
      drop(
        code,
        'valid_to',
        'cascade-required',
        `${what} below it last beyond ${end}; end it with a cascade (steward orgs end --cascade)`,
      );
      dropped = true;
    }
  }
  return dropped;
}

function sameFacts(existing: ExistingUnit, final: FinalFacts): boolean {
  return (Object.keys(final) as (keyof FinalFacts)[]).every((k) => sameJson(existing[k], final[k]));
}
