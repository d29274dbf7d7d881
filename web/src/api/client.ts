/**
 * A small typed client of Steward's HTTP API. It sends the session cookie, speaks JSON,
 * turns problem+json answers into an ApiError carrying every field and rule, and sends
 * If-Match with the ETag it read for every update.
 */

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
  get code(): string {
    return this.problem.code;
  }
  get fieldProblems(): FieldProblem[] {
    return this.problem.errors ?? [];
  }
}

/** A resource with the ETag it was read with, to send back as If-Match on update. */
export interface Tagged<T> {
  data: T;
  etag: string;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** The ETag read with the resource; required for updates. */
  ifMatch?: string;
  /** A body sent as it is (a file), with its content type, instead of JSON. */
  raw?: { body: Blob | string; contentType: string };
  signal?: AbortSignal;
}

/** Listeners told when the server says the session is gone (401), so the app can show sign-in. */
const unauthenticatedListeners = new Set<() => void>();
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return {
        type: body.type ?? 'about:blank',
        title: body.title ?? response.statusText,
        status: body.status ?? response.status,
        detail: body.detail ?? '',
        code: body.code ?? String(response.status),
        ...body,
      } as Problem;
    } catch {
      // fall through to a generic problem
    }
  }
  return {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    detail: `The server answered ${response.status}.`,
    code: String(response.status),
  };
}

/** Sends one request; resolves with the JSON body and the ETag, or rejects with ApiError. */
export async function send<T>(method: string, path: string, options: RequestOptions = {}): Promise<Tagged<T>> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.raw) headers['content-type'] = options.raw.contentType;
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.raw ? options.raw.body : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({
      type: 'about:blank',
      title: 'The server could not be reached',
      status: 0,
      detail: 'Check your connection and try again.',
      code: 'network',
    });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && !path.startsWith('/auth/')) unauthenticatedListeners.forEach((l) => l());
    throw new ApiError(problem);
  }
  const etag = response.headers.get('etag') ?? '';
  if (response.status === 204) return { data: undefined as T, etag };
  const type = response.headers.get('content-type') ?? '';
  const data = (type.includes('json') ? await response.json() : await response.text()) as T;
  return { data, etag };
}

export const api = {
  get: async <T>(path: string, query?: Query, signal?: AbortSignal) =>
    (await send<T>('GET', path, { query, signal })).data,
  /** GET keeping the ETag, for resources the page may update. */
  getTagged: <T>(path: string, query?: Query, signal?: AbortSignal) => send<T>('GET', path, { query, signal }),
  post: async <T>(path: string, body?: unknown, ifMatch?: string) =>
    (await send<T>('POST', path, { body: body ?? {}, ifMatch })).data,
  postTagged: <T>(path: string, body?: unknown, ifMatch?: string) =>
    send<T>('POST', path, { body: body ?? {}, ifMatch }),
  patch: <T>(path: string, body: unknown, ifMatch: string) => send<T>('PATCH', path, { body, ifMatch }),
  put: <T>(path: string, body: unknown, ifMatch: string) => send<T>('PUT', path, { body, ifMatch }),
  /** POST of a file as it is (e.g. text/csv), not JSON. */
  upload: async <T>(path: string, query: Query, body: Blob | string, contentType: string) =>
    (await send<T>('POST', path, { query, raw: { body, contentType } })).data,
  del: async (path: string, ifMatch?: string, body?: unknown) => {
    await send<void>('DELETE', path, { ifMatch, body });
  },
};
