import type { FieldProblem } from '../platform/errors.ts';

/**
 * What an administrative or service account must say, pure: its kind, a username of letters, digits, ".", "_" and
 * "-", and attributes as a flat object of scalar values (what the checks before adding compare).
 */
export const ACCOUNT_KINDS = ['admin', 'service'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface AccountInput {
  kind?: unknown;
  username?: unknown;
  attributes?: unknown;
}

export function accountProblems(input: AccountInput, creating: boolean): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (creating || input.kind !== undefined)
    if (!ACCOUNT_KINDS.includes(input.kind as AccountKind))
      out.push({ field: '/kind', rule: 'enum', message: 'an account is of kind admin or service' });
  if (creating || input.username !== undefined)
    if (typeof input.username !== 'string' || !USERNAME.test(input.username))
      out.push({
        field: '/username',
        rule: 'pattern',
        message: 'a username of letters, digits, ".", "_" and "-" (at most 64), starting with a letter or digit',
      });
  const attrs = input.attributes;
  if (attrs !== undefined) {
    if (typeof attrs !== 'object' || attrs === null || Array.isArray(attrs))
      out.push({ field: '/attributes', rule: 'type:object', message: 'attributes are an object of names to values' });
    else
      for (const [k, v] of Object.entries(attrs))
        if (v !== null && !['string', 'number', 'boolean'].includes(typeof v))
          out.push({
            field: `/attributes/${k}`,
            rule: 'type:scalar',
            message: 'a value is a string, number, boolean or null',
          });
  }
  return out;
}
