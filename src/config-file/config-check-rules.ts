import type { FieldProblem } from '../platform/errors.ts';
import { problemsOf } from '../platform/validate.ts';
import { type ApplicationItem, ConfigDocument, type ConfigItem, sectionKeys, sectionNames } from './config-document.ts';

/**
 * The checks a configuration document must pass before anything is loaded, each problem naming its path in the
 * document: the shape, one item per natural key, references that resolve inside the document (a guest type's
 * lifecycle, a resource's parent, a permission's resource) and no cycle (a resource that is its own ancestor).
 * The rules of each item (a status type's match, a lifecycle's states) are the capability's, checked when the item
 * is applied, and named by the same paths. Pure.
 */
export function documentProblems(value: unknown): FieldProblem[] {
  const shape = problemsOf(ConfigDocument, value);
  if (shape.length) return shape;
  const doc = value as ConfigDocument;
  return [...duplicateProblems(doc), ...lifecycleReferences(doc), ...doc.applications.flatMap(applicationProblems)];
}

function duplicateProblems(doc: ConfigDocument): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const s of sectionNames) {
    const key = sectionKeys[s];
    const seen = new Map<string, number>();
    (doc[s] as ConfigItem[]).forEach((item, i) => {
      const k = item[key];
      if (typeof k !== 'string' || k === '') {
        problems.push({ field: `/${s}/${i}/${key}`, rule: 'required', message: `each item needs a ${key}` });
        return;
      }
      const first = seen.get(k.toLowerCase());
      if (first !== undefined)
        problems.push({ field: `/${s}/${i}/${key}`, rule: 'unique', message: `${k} is also /${s}/${first}` });
      else seen.set(k.toLowerCase(), i);
    });
  }
  return problems;
}

function lifecycleReferences(doc: ConfigDocument): FieldProblem[] {
  const lifecycles = new Set(doc.guestLifecycles.map((l) => l.name));
  return doc.guestTypes.flatMap((t, i) =>
    typeof t.lifecycle === 'string' && !lifecycles.has(t.lifecycle)
      ? [
          {
            field: `/guestTypes/${i}/lifecycle`,
            rule: 'known-reference',
            message: `there is no lifecycle ${t.lifecycle} in /guestLifecycles`,
          },
        ]
      : [],
  );
}

/** Resource parents and permission resources resolve inside the application, and no resource is its own ancestor. */
export function applicationProblems(app: ApplicationItem, a: number): FieldProblem[] {
  const at = `/applications/${a}`;
  const problems: FieldProblem[] = [];
  const resources = (app.resources ?? []).map((r) => ({ name: r.name, parent: r.parent ?? null }));
  const index = new Map<string, number>();
  resources.forEach((r, i) => {
    if (index.has(r.name))
      problems.push({ field: `${at}/resources/${i}/name`, rule: 'unique', message: `${r.name} is listed twice` });
    else index.set(r.name, i);
  });
  resources.forEach((r, i) => {
    if (r.parent !== null && !index.has(r.parent))
      problems.push({
        field: `${at}/resources/${i}/parent`,
        rule: 'known-reference',
        message: `there is no resource ${r.parent} in ${app.name}`,
      });
  });
  problems.push(...resourceCycles(resources, at, index));
  const roles = new Set<string>();
  (app.roles ?? []).forEach((role, k) => {
    if (roles.has(role.name))
      problems.push({ field: `${at}/roles/${k}/name`, rule: 'unique', message: `${role.name} is listed twice` });
    roles.add(role.name);
    (role.permissions ?? []).forEach((p, m) => {
      if (!index.has(p.resource))
        problems.push({
          field: `${at}/roles/${k}/permissions/${m}/resource`,
          rule: 'known-reference',
          message: `there is no resource ${p.resource} in ${app.name}`,
        });
    });
  });
  return problems;
}

/** Each resource whose parent chain comes back to it, named once at the first resource of the cycle listed. */
function resourceCycles(
  resources: { name: string; parent: string | null }[],
  at: string,
  index: Map<string, number>,
): FieldProblem[] {
  const parentOf = new Map(resources.map((r) => [r.name, r.parent]));
  const reported = new Set<string>();
  const problems: FieldProblem[] = [];
  resources.forEach((r, i) => {
    const chain = [r.name];
    let next = r.parent;
    while (next !== null && index.has(next) && !chain.includes(next)) {
      chain.push(next);
      next = parentOf.get(next) ?? null;
    }
    if (next !== r.name || reported.has(r.name)) return;
    chain.forEach((n) => reported.add(n));
    problems.push({
      field: `${at}/resources/${i}/parent`,
      rule: 'no-cycle',
      message: `the parents form a cycle: ${[...chain, r.name].join(' → ')}`,
    });
  });
  return problems;
}

/**
 * Resources in an order where every parent comes before its children (the order to create them in), each level by
 * name. Assumes the document passed `applicationProblems`.
 */
export function parentsFirst<R extends { name: string; parent: string | null }>(resources: readonly R[]): R[] {
  const out: R[] = [];
  const placed = new Set<string>();
  let level = resources.filter((r) => r.parent === null);
  while (level.length) {
    level = [...level].sort((x, y) => x.name.localeCompare(y.name));
    for (const r of level) placed.add(r.name);
    out.push(...level);
    level = resources.filter((r) => r.parent !== null && placed.has(r.parent) && !placed.has(r.name));
  }
  return out;
}
