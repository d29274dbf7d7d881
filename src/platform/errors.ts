/**
 * The error registry. Every error a user can meet has a stable code here; a code never
 * changes meaning. HTTP turns these into RFC 9457 problem+json, the CLI prints them.
 */
export interface FieldProblem {
  /** JSON-pointer-like path of the offending field, e.g. "/birthDate" or "line 4: family_name". */
  field: string;
  /** The rule that failed, e.g. "required", "format:date", "unique". */
  rule: string;
  message: string;
}

export const errorCodes = {
  validation: { status: 400, title: 'The request is not valid' },
  unauthenticated: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'You are not allowed to do this' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'duplicate-suspected': { status: 409, title: 'Likely duplicates exist' },
  'cascade-required': { status: 409, title: 'An explicit cascade decision is required' },
  'precondition-failed': { status: 412, title: 'The resource has changed since you read it' },
  'precondition-required': { status: 428, title: 'An If-Match header is required for updates' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'too-large': { status: 413, title: 'The request is too large' },
  'too-many-attempts': { status: 429, title: 'Too many failed attempts; wait before trying again' },
  internal: { status: 500, title: 'Internal error' },
  'provider-unavailable': { status: 502, title: 'A sign-in provider could not be reached' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCodes;

export class StewardError extends Error {
  readonly code: ErrorCode;
  readonly problems: FieldProblem[];
  readonly extra: Record<string, unknown>;
  constructor(
    code: ErrorCode,
    detail: string,
    options: { problems?: FieldProblem[]; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'StewardError';
    this.code = code;
    this.problems = options.problems ?? [];
    this.extra = options.extra ?? {};
  }
  get status(): number {
    return errorCodes[this.code].status;
  }
}

/** A validation error for one field and rule. */
export function invalid(field: string, rule: string, message: string): StewardError {
  return new StewardError('validation', `${field}: ${message}`, { problems: [{ field, rule, message }] });
}

/** Throws a validation error listing every problem, if there are any. */
export function assertNoProblems(problems: FieldProblem[]): void {
  if (problems.length === 0) return;
  const detail = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  throw new StewardError('validation', detail, { problems });
}

export function notFound(what: string, id: string | number): StewardError {
  return new StewardError('not-found', `${what} ${id} does not exist`, { extra: { resource: what, id: String(id) } });
}

export function forbidden(detail: string): StewardError {
  return new StewardError('forbidden', detail);
}

/**
 * 409: the request is well formed but the current state forbids it. `detail` says what the
 * state is and what to do; the field and rule point the form at the cause (a field-less
 * conflict names only the state in its detail).
 */
export function conflict(detail: string, problem?: { field: string; rule: string; message?: string }): StewardError {
  const problems = problem ? [{ field: problem.field, rule: problem.rule, message: problem.message ?? detail }] : [];
  return new StewardError('conflict', detail, { problems });
}

/** 412: the If-Match version the caller read is no longer the current one. */
export function stale(what: string, expected: number, actual?: number): StewardError {
  const now = actual === undefined ? '' : ` (it is now at version ${actual})`;
  return new StewardError(
    'precondition-failed',
    `${what} has changed since version ${expected} was read${now}; reload and try again`,
  );
}
