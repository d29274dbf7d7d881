import type { FieldProblem } from '../platform/errors.ts';

/**
 * Attribute mappings: a template per target attribute over a person's facts, such as
 * `{username}@example.edu` or `{givenName|ascii|lower}.{familyName|ascii|lower}`. Pure.
 *
 * A placeholder names a field and optional filters. Single fields give one text; list
 * fields (statuses, categories, affiliations, groups) give one value each and so must be
 * the whole template. An empty result means "no value": the attribute is left out, and a
 * required attribute left empty is an error for that person, never a blank written.
 */
export interface MappingFacts {
  id: number;
  givenName: string;
  middleName: string | null;
  familyName: string;
  preferredName: string | null;
  displayName: string;
  idNumber: string | null;
  username: string | null;
  email: string | null;
  /** Identifier kind → value. */
  identifiers: Record<string, string>;
  primaryStatus: string | null;
  statuses: string[];
  categories: string[];
  /** Kinds of the current affiliations (staff, student, faculty …). */
  affiliations: string[];
  orgUnit: string | null;
  orgUnitName: string | null;
  title: string | null;
  /** The primary org unit's custom fields. */
  unit: Record<string, unknown>;
  /** Names of the directory groups the person is in. */
  groups: string[];
}

const SINGLE = [
  'id',
  'givenName',
  'middleName',
  'familyName',
  'preferredName',
  'displayName',
  'idNumber',
  'username',
  'email',
  'primaryStatus',
  'orgUnit',
  'orgUnitName',
  'title',
] as const;
const LISTS = ['statuses', 'categories', 'affiliations', 'groups'] as const;
export const MAPPING_FIELDS: readonly string[] = [...SINGLE, ...LISTS, 'identifier:<kind>', 'unit.<field>'];
const FILTERS = ['lower', 'upper', 'ascii', 'initial', 'trim'] as const;
type Filter = (typeof FILTERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

interface Placeholder {
  field: string;
  filters: Filter[];
}

function parsePlaceholder(text: string): Placeholder | string {
  const [field, ...filters] = text.split('|').map((s) => s.trim());
  const known =
    (SINGLE as readonly string[]).includes(field) ||
    (LISTS as readonly string[]).includes(field) ||
    /^identifier:[a-z][a-z0-9-]{0,31}$/.test(field) ||
    /^unit\.[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(field);
  if (!known) return `unknown field "${field}" (known: ${MAPPING_FIELDS.join(', ')})`;
  const bad = filters.find((f) => !(FILTERS as readonly string[]).includes(f));
  if (bad !== undefined) return `unknown filter "${bad}" (known: ${FILTERS.join(', ')})`;
  return { field, filters: filters as Filter[] };
}

const isList = (field: string) => (LISTS as readonly string[]).includes(field);

/** What is wrong with one template, as problems at `path`. */
export function templateProblems(template: string, path: string): FieldProblem[] {
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) {
    return [{ field: path, rule: 'template', message: 'a "{" or "}" without its pair' }];
  }
  const problems: FieldProblem[] = [];
  const parts = [...template.matchAll(PLACEHOLDER)];
  for (const m of parts) {
    const p = parsePlaceholder(m[1]);
    if (typeof p === 'string') problems.push({ field: path, rule: 'template', message: p });
    else if (isList(p.field) && (parts.length > 1 || template.trim() !== m[0]))
      problems.push({
        field: path,
        rule: 'template',
        message: `the list field "${p.field}" must be the whole template`,
      });
  }
  return problems;
}

function applyFilter(value: string, filter: Filter): string {
  switch (filter) {
    case 'lower':
      return value.toLowerCase();
    case 'upper':
      return value.toUpperCase();
    case 'ascii':
      return value.normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
    case 'initial':
      return [...value.trim()].slice(0, 1).join('');
    case 'trim':
      return value.trim();
    default: {
      const never: never = filter;
      return never;
    }
  }
}

function fieldValues(facts: MappingFacts, field: string): string[] {
  if (field.startsWith('identifier:')) {
    const v = facts.identifiers[field.slice('identifier:'.length)];
    return v ? [v] : [];
  }
  if (field.startsWith('unit.')) {
    const v = facts.unit[field.slice('unit.'.length)];
    return v === undefined || v === null || v === '' ? [] : [String(v)];
  }
  const v = facts[field as keyof MappingFacts];
  if (Array.isArray(v)) return v.map(String);
  return v === null || v === undefined || v === '' ? [] : [String(v)];
}

/** The values a (checked) template gives for a person: [] when it gives nothing. */
export function renderTemplate(template: string, facts: MappingFacts): string[] {
  const parts = [...template.matchAll(PLACEHOLDER)];
  if (parts.length === 1 && template.trim() === parts[0][0]) {
    const p = parsePlaceholder(parts[0][1]) as Placeholder;
    return [...new Set(fieldValues(facts, p.field).map((v) => p.filters.reduce(applyFilter, v)))].filter(Boolean);
  }
  let empty = false;
  const text = template.replace(PLACEHOLDER, (_, inner: string) => {
    const p = parsePlaceholder(inner) as Placeholder;
    const v = fieldValues(facts, p.field)[0];
    if (v === undefined) {
      empty = true;
      return '';
    }
    return p.filters.reduce(applyFilter, v);
  });
  return empty || text.trim() === '' ? [] : [text];
}

/** Every attribute's values for a person (attributes that give nothing are left out). */
export function renderMappings(mappings: Record<string, string>, facts: MappingFacts): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [attribute, template] of Object.entries(mappings)) {
    const values = renderTemplate(template, facts);
    if (values.length) out[attribute] = values;
  }
  return out;
}
