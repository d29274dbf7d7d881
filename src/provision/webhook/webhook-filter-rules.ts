import type { FieldProblem } from '../../platform/errors.ts';

/**
 * Which change kinds a webhook target receives: its `events` list, each entry `*` (every
 * entry of the change log), `<entity type>.*` (every op on that type) or `<entity type>.<op>`
 * (e.g. `person.updated`, `group_effective.*`). Pure: validation and matching.
 */

/** The compiled list: `all`, or per entity type the ops it takes (`'*'`: every op). */
export interface EventFilter {
  all: boolean;
  types: Map<string, Set<string> | '*'>;
}

const namePart = /^[a-z0-9_-]+$/;

/** Problems of an `events` list, each naming the entry (field `<field>/<index>`). */
export function eventFilterProblems(
  events: unknown,
  knownTypes: readonly string[],
  field = '/settings/events',
): FieldProblem[] {
  if (!Array.isArray(events)) return [{ field, rule: 'type', message: 'events must be a list of change kinds' }];
  if (events.length === 0) {
    return [{ field, rule: 'minItems', message: 'name at least one change kind, e.g. person.* or *' }];
  }
  const known = new Set(knownTypes);
  const problems: FieldProblem[] = [];
  events.forEach((entry: unknown, index) => {
    const at = `${field}/${index}`;
    if (typeof entry !== 'string') {
      problems.push({ field: at, rule: 'type', message: `entry ${index + 1} is not text` });
      return;
    }
    if (entry === '*') return;
    const dot = entry.indexOf('.');
    const type = dot < 0 ? entry : entry.slice(0, dot);
    const op = dot < 0 ? '' : entry.slice(dot + 1);
    if (dot < 0 || !namePart.test(type) || (op !== '*' && !namePart.test(op))) {
      problems.push({
        field: at,
        rule: 'pattern',
        message: `"${entry}" is not a change kind: write <type>.<op>, <type>.* or *`,
      });
    } else if (!known.has(type)) {
      problems.push({
        field: at,
        rule: 'unknown-type',
        message: `"${entry}": no entity type "${type}" in the change log`,
      });
    }
  });
  return problems;
}

/** Compiles a valid `events` list (see eventFilterProblems). */
export function compileEventFilter(events: readonly string[]): EventFilter {
  const filter: EventFilter = { all: false, types: new Map() };
  for (const entry of events) {
    if (entry === '*') {
      filter.all = true;
      continue;
    }
    const dot = entry.indexOf('.');
    const type = entry.slice(0, dot);
    const op = entry.slice(dot + 1);
    const ops = filter.types.get(type);
    if (op === '*' || ops === '*') filter.types.set(type, '*');
    else filter.types.set(type, (ops ?? new Set()).add(op));
  }
  return filter;
}

export function matchesEvent(filter: EventFilter, entityType: string, op: string): boolean {
  if (filter.all) return true;
  const ops = filter.types.get(entityType);
  return ops === '*' || (ops !== undefined && ops.has(op));
}

/** The entity types an entry must have to match at all; null when every type may match. */
export function filterEntityTypes(filter: EventFilter): string[] | null {
  return filter.all ? null : [...filter.types.keys()].sort();
}
