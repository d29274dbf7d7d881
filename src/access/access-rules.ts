import type { FieldProblem } from '../platform/errors.ts';
import { isTimeZone, limitProblems } from './limits.ts';

/**
 * Validation of access configuration. Pure: each function returns the problems naming
 * field and rule; the services refuse with all of them and change nothing.
 */
const NAME = /^[a-z0-9][a-z0-9._:-]{0,199}$/i;

export function nameProblems(name: unknown, field = '/name'): FieldProblem[] {
  if (typeof name !== 'string' || !NAME.test(name))
    return [
      {
        field,
        rule: 'format:name',
        message:
          'a name is 1–200 letters, digits, dots, colons, dashes or underscores, starting with a letter or digit',
      },
    ];
  return [];
}

/** Implications: action → actions it implies; no action may imply itself through a cycle. */
export function implicationProblems(implications: Record<string, string[]>, field = '/implications'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [a, list] of Object.entries(implications)) {
    if (nameProblems(a).length)
      problems.push({ field: `${field}/${a}`, rule: 'format:name', message: `action ${a} is not a valid name` });
    for (const b of list)
      if (b === a) problems.push({ field: `${field}/${a}`, rule: 'self-implication', message: `${a} implies itself` });
  }
  const cycle = findCycle(implications);
  if (cycle) problems.push({ field, rule: 'cycle', message: `implications form a cycle: ${cycle.join(' → ')}` });
  return problems;
}

function findCycle(graph: Record<string, string[]>): string[] | null {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    if (state.get(n) === 2) return null;
    if (state.get(n) === 1) return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 1);
    stack.push(n);
    for (const m of graph[n] ?? []) {
      if (m === n) continue;
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of Object.keys(graph)) {
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

export function timeZoneProblems(zone: unknown, field = '/timeZone'): FieldProblem[] {
  return typeof zone === 'string' && isTimeZone(zone)
    ? []
    : [{ field, rule: 'time-zone', message: `${String(zone)} is not an IANA time zone (e.g. Europe/London)` }];
}

export interface AssignmentInput {
  scopeKind: 'everywhere' | 'org' | 'affiliation';
  orgId?: number | null;
  enabledFrom?: string | null;
  enabledUntil?: string | null;
  limits?: unknown[];
}

export function assignmentProblems(input: AssignmentInput, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.scopeKind === 'org' && (input.orgId === undefined || input.orgId === null))
    problems.push({ field: `${prefix}/orgId`, rule: 'required', message: 'an org scope names the unit' });
  if (input.scopeKind !== 'org' && input.orgId != null)
    problems.push({
      field: `${prefix}/orgId`,
      rule: 'not-allowed',
      message: `a ${input.scopeKind} scope names no unit`,
    });
  if (input.enabledFrom && input.enabledUntil && new Date(input.enabledFrom) >= new Date(input.enabledUntil))
    problems.push({
      field: `${prefix}/enabledUntil`,
      rule: 'date-order',
      message: 'enabledUntil must be after enabledFrom',
    });
  if (input.limits !== undefined) problems.push(...limitProblems(input.limits, `${prefix}/limits`));
  return problems;
}
