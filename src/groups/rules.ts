import type { FieldProblem } from '../platform/errors.ts';

/**
 * Rule groups: membership computed from registry facts. A rule is a list of conditions that
 * must all hold at once. Pure validation of the shape; the service checks that the org unit
 * and status type named exist.
 */
export type Condition =
  | { type: 'affiliation'; orgCode: string; subtree?: boolean; kinds?: string[] }
  | { type: 'identifier'; kind: string }
  | { type: 'attribute'; name: string; value: string; orgCode?: string }
  | { type: 'status'; statusType: string };

export interface GroupRule {
  all: Condition[];
}

const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim().length > 0;

export function ruleProblems(rule: unknown, field = '/rule'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const all = (rule as GroupRule | null)?.all;
  if (!Array.isArray(all) || all.length === 0)
    return [{ field: `${field}/all`, rule: 'required', message: 'a rule needs at least one condition' }];
  all.forEach((c, i) => {
    const at = `${field}/all/${i}`;
    const need = (key: string, value: unknown) => {
      if (!nonEmpty(value))
        problems.push({
          field: `${at}/${key}`,
          rule: 'required',
          message: `${key} is required for a ${c.type} condition`,
        });
    };
    if (c.type === 'affiliation') need('orgCode', c.orgCode);
    else if (c.type === 'identifier') need('kind', c.kind);
    else if (c.type === 'attribute') {
      need('name', c.name);
      need('value', c.value);
    } else if (c.type === 'status') need('statusType', c.statusType);
    else
      problems.push({
        field: `${at}/type`,
        rule: 'enum',
        message: 'type must be affiliation, identifier, attribute or status',
      });
  });
  return problems;
}

/** The org codes and status type names a rule refers to (the service checks they exist). */
export function ruleReferences(rule: GroupRule): { orgCodes: string[]; statusTypes: string[] } {
  const orgCodes: string[] = [];
  const statusTypes: string[] = [];
  for (const c of rule.all) {
    if ((c.type === 'affiliation' || c.type === 'attribute') && c.orgCode) orgCodes.push(c.orgCode);
    if (c.type === 'status') statusTypes.push(c.statusType);
  }
  return { orgCodes, statusTypes };
}
