import { type FieldProblem, StewardError } from '../platform/errors.ts';
import { sectionKeys, type SectionName } from './config-document.ts';

/**
 * Where an item is in the document the caller sent (its position there, not in the written form), and a wrapper
 * that names that position in every problem a service reports about the item: a service says "/lifecycle", the
 * caller reads "/guestTypes/3/lifecycle".
 */
export interface PathOf {
  (section: SectionName, key: string, sub?: string[]): string;
  at<T>(path: string, fn: () => Promise<T>): Promise<T>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function indexIn(list: unknown, field: string, key: string): number {
  return Array.isArray(list) ? list.findIndex((x) => isObject(x) && x[field] === key) : -1;
}

export function pathsOf(document: unknown): PathOf {
  const doc = isObject(document) ? document : {};
  const path = ((section: SectionName, key: string, sub: string[] = []) => {
    const list = doc[section];
    const i = indexIn(list, sectionKeys[section], key);
    if (i < 0) return `/${section}`;
    let at = `/${section}/${i}`;
    let node: unknown = (list as unknown[])[i];
    for (let s = 0; s + 1 < sub.length; s += 2) {
      const inner = isObject(node) ? node[sub[s]] : undefined;
      const j = indexIn(inner, 'name', sub[s + 1]);
      if (j < 0) return `${at}/${sub[s]}`;
      at = `${at}/${sub[s]}/${j}`;
      node = (inner as unknown[])[j];
    }
    return at;
  }) as PathOf;
  path.at = async <T>(at: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw e instanceof StewardError ? under(at, e) : e;
    }
  };
  return path;
}

/** The error with its problems' fields under `at` (a problem-less error becomes one problem at `at`). */
export function under(at: string, e: StewardError): StewardError {
  const problems: FieldProblem[] = e.problems.length
    ? e.problems.map((p) => ({ ...p, field: `${at}${p.field.startsWith('/') ? p.field : `/${p.field}`}` }))
    : [{ field: at, rule: e.code, message: e.message }];
  return new StewardError(e.code, `${at}: ${e.message}`, { problems, extra: e.extra });
}

/** The error with the document line of each problem in its message, when the document has lines (YAML). */
export function withLines(e: StewardError, lineOf: (pointer: string) => number | undefined): StewardError {
  const problems = e.problems.map((p) => {
    const line = lineOf(p.field);
    return line === undefined ? p : { ...p, message: `line ${line}: ${p.message}` };
  });
  const detail = problems.length ? problems.map((p) => `${p.field}: ${p.message}`).join('; ') : e.message;
  return new StewardError(e.code, detail, { problems, extra: e.extra });
}
