import { ApiError, type FieldProblem } from './client.ts';

/**
 * Server problems name fields like "body/birthDate", "/emails/0/address" or
 * "querystring/q". A form field claims the problems whose path, without the transport
 * prefix, starts with the field's name.
 */
export function fieldPath(field: string): string {
  return field.replace(/^(body|querystring|params|headers)(?=\/|$)/, '').replace(/^\/+/, '');
}

export function problemsFor(error: unknown, name: string): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldProblems.filter((p) => {
    const path = fieldPath(p.field);
    return path === name || path.startsWith(`${name}/`);
  });
}

/** Problems that no field on the form claims; shown in the form's summary. */
export function unclaimed(error: unknown, names: string[]): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldProblems.filter((p) => !names.some((n) => problemsFor(error, n).includes(p)));
}

export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

export const STALE_MESSAGE =
  'Someone else changed this since you opened it; reload to see their change, then make yours again.';
