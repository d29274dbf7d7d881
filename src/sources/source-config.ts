import type { FieldProblem } from '../platform/errors.ts';
import { isSourceName } from '../registry/import-rows.ts';
import { DEFAULT_HOLD_THRESHOLD } from './diff.ts';

/**
 * A source of record's configuration, as data, and its validation. Pure. The name is the
 * one the people importer and `source-key` identifiers already use as scope
 * (lowercase letters, digits, . _ -).
 */
export interface SourceConfig {
  name: string;
  label: string;
  description: string;
  /** The affiliation kinds the source may deliver; empty = any kind. */
  kinds: string[];
  /** The share of its records a snapshot may change before it is held: 0 < t ≤ 1. */
  holdThreshold: number;
  /** Create a person when a record matches none (else the record waits for review). */
  createPeople: boolean;
  /**
   * Flag near-matches (an identifier whose holder's name differs) for review. When false,
   * the source's identifiers are trusted and the holder is matched whatever the name;
   * identifiers pointing at several people are still reviewed, since nothing can choose.
   */
  reviewNearMatches: boolean;
}

/** What a source gets for each setting it leaves out. */
export const SOURCE_DEFAULTS = {
  description: '',
  kinds: [] as string[],
  holdThreshold: DEFAULT_HOLD_THRESHOLD,
  createPeople: true,
  reviewNearMatches: true,
} as const;

const MAX_LABEL = 200;
const MAX_DESCRIPTION = 2000;
const MAX_KIND = 40;
const KEYS = ['name', 'label', 'description', 'kinds', 'holdThreshold', 'createPeople', 'reviewNearMatches'];

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

/** Checks a source's configuration (e.g. a request body) and fills defaults; returns the config or every problem. */
export function readSourceConfig(input: unknown): { config?: SourceConfig; problems: FieldProblem[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return {
      problems: [
        { field: '', rule: 'type:object', message: `a source configuration is an object, not ${typeName(input)}` },
      ],
    };
  const v = input as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const fail = (field: string, rule: string, message: string) => problems.push({ field: `/${field}`, rule, message });
  for (const key of Object.keys(v))
    if (!KEYS.includes(key)) fail(key, 'unknown-field', `is not a source setting (known: ${KEYS.join(', ')})`);

  const text = (key: string, max: number, required: boolean): string => {
    const raw = v[key];
    if (raw === undefined || raw === null) {
      if (required) fail(key, 'required', 'must be given');
      return '';
    }
    if (typeof raw !== 'string') {
      fail(key, 'type:string', `must be a string, not ${typeName(raw)}`);
      return '';
    }
    const value = raw.trim();
    if (required && value === '') fail(key, 'required', 'must not be empty');
    else if (value.length > max)
      fail(key, 'max-length', `is ${value.length} characters long; at most ${max} are allowed`);
    return value;
  };
  const flag = (key: 'createPeople' | 'reviewNearMatches'): boolean => {
    const raw = v[key] ?? SOURCE_DEFAULTS[key];
    if (typeof raw === 'boolean') return raw;
    fail(key, 'type:boolean', `must be true or false, not ${typeName(raw)}`);
    return SOURCE_DEFAULTS[key];
  };

  const name = text('name', 40, true);
  if (name && name.length <= 40 && !isSourceName(name))
    fail(
      'name',
      'pattern',
      `"${name}" is not a source name: lowercase letters, digits, . _ - (at most 40, starting with a letter or digit)`,
    );
  const label = text('label', MAX_LABEL, true);
  const description = text('description', MAX_DESCRIPTION, false);

  const kinds: string[] = [];
  const rawKinds = v.kinds ?? [];
  if (!Array.isArray(rawKinds)) fail('kinds', 'type:array', `must be an array of kinds, not ${typeName(rawKinds)}`);
  else {
    rawKinds.forEach((k: unknown, i) => {
      if (typeof k !== 'string') return fail(`kinds/${i}`, 'type:string', `must be a string, not ${typeName(k)}`);
      const kind = k.trim();
      if (kind === '') fail(`kinds/${i}`, 'required', 'must not be empty');
      else if (kind.length > MAX_KIND)
        fail(`kinds/${i}`, 'max-length', `is ${kind.length} characters long; at most ${MAX_KIND} are allowed`);
      else if (kinds.includes(kind)) fail(`kinds/${i}`, 'unique', `${kind} is listed twice`);
      else kinds.push(kind);
    });
  }

  const holdThreshold = v.holdThreshold ?? SOURCE_DEFAULTS.holdThreshold;
  if (typeof holdThreshold !== 'number' || !Number.isFinite(holdThreshold))
    fail('holdThreshold', 'type:number', `must be a number, not ${typeName(holdThreshold)}`);
  else if (!(holdThreshold > 0 && holdThreshold <= 1)) {
    fail(
      'holdThreshold',
      'range',
      `must be above 0 and at most 1, a fraction of the source's records (0.1 = 10 %), not ${holdThreshold}`,
    );
  }

  const createPeople = flag('createPeople');
  const reviewNearMatches = flag('reviewNearMatches');
  if (problems.length) return { problems };
  return {
    config: {
      name,
      label,
      description,
      kinds,
      holdThreshold: holdThreshold as number,
      createPeople,
      reviewNearMatches,
    },
    problems,
  };
}
