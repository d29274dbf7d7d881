import type { FieldProblem } from '../platform/errors.ts';
import type { Identifier } from './person-schemas.ts';

/**
 * Identifiers a person is known by, and the rules that make two spellings of one value the
 * same identifier. Pure. Kinds are open-ended; these carry extra meaning:
 * - `id-number`, `username`, `email`: institution-issued, unique, reserved forever once used;
 * - `source-key`: the person's key in a system of record, scoped by the source's name.
 */
export const RESERVED_KINDS: ReadonlySet<string> = new Set(['id-number', 'username', 'email']);
export const MINTABLE_KINDS = ['id-number', 'username', 'email'] as const;
export type MintableKind = (typeof MINTABLE_KINDS)[number];

export interface IdentifierInput {
  kind: string;
  scope?: string | null;
  value: string;
}

/** An identifier as stored and shown (the API's own shape); the scope is '' for unscoped kinds. */

const kindPattern = /^[a-z][a-z0-9-]{0,39}$/;
const usernamePattern = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const idNumberPattern = /^[A-Z0-9-]{1,40}$/;
/** Deliberately plain: one @, no spaces, a dot in the domain. */
export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** True if a value of this kind may belong to only one person, ever (it is reserved). */
export function isReservedKind(kind: string): boolean {
  return RESERVED_KINDS.has(kind);
}

/**
 * The canonical form of an identifier, or the problems with it. Usernames and email
 * addresses are lowercase, ID numbers uppercase; a source key needs its source as scope.
 */
export function normaliseIdentifier(
  input: IdentifierInput,
  field = '',
): { identifier?: Identifier; problems: FieldProblem[] } {
  const kind = input.kind.trim().toLowerCase();
  const scope = (input.scope ?? '').trim();
  let value = input.value.trim();
  const problems: FieldProblem[] = [];
  if (!kindPattern.test(kind))
    problems.push({
      field: `${field}/kind`,
      rule: 'pattern',
      message: 'must be lowercase letters, digits and dashes, starting with a letter',
    });
  if (value === '') problems.push({ field: `${field}/value`, rule: 'required', message: 'must not be empty' });
  if (kind === 'username') {
    value = value.toLowerCase();
    if (value && !usernamePattern.test(value))
      problems.push({
        field: `${field}/value`,
        rule: 'format:username',
        message: 'must be lowercase letters, digits, dots, dashes or underscores',
      });
  } else if (kind === 'email') {
    value = value.toLowerCase();
    if (value && !emailPattern.test(value))
      problems.push({ field: `${field}/value`, rule: 'format:email', message: `${value} is not an email address` });
  } else if (kind === 'id-number') {
    value = value.toUpperCase();
    if (value && !idNumberPattern.test(value))
      problems.push({
        field: `${field}/value`,
        rule: 'format:id-number',
        message: 'must be letters, digits and dashes',
      });
  }
  if (kind === 'source-key' && scope === '')
    problems.push({
      field: `${field}/scope`,
      rule: 'required',
      message: 'a source key needs the source name as its scope',
    });
  if (isReservedKind(kind) && scope !== '')
    problems.push({
      field: `${field}/scope`,
      rule: 'empty',
      message: `${kind} identifiers are institution-wide and take no scope`,
    });
  return problems.length ? { problems } : { identifier: { kind, scope, value }, problems };
}

/** A stable text key for sets and maps of identifiers. */
export function identifierKey(id: Identifier): string {
  return `${id.kind}\u0000${id.scope}\u0000${id.value}`;
}

/** Normalises a contact email address (trimmed, lowercase) or returns null when it is not one. */
export function normaliseEmail(address: string): string | null {
  const value = address.trim().toLowerCase();
  return emailPattern.test(value) ? value : null;
}
