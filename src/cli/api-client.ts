import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { cliIo } from './io.ts';

/**
 * The CLI is a client of the server's API: PGlite's data directory belongs to the running
 * server, and going through the API means the CLI is authorised and audited like any
 * other caller. The URL and token come from flags, the environment, or `steward login`.
 */
export interface Credentials {
  url: string;
  token?: string;
}

export function credentialsFile(): string {
  return (
    cliIo().env.STEWARD_CREDENTIALS ??
    join(cliIo().env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'steward', 'credentials.json')
  );
}

export function loadCredentials(overrides: { url?: string; token?: string } = {}): Credentials {
  let saved: Partial<Credentials> = {};
  const file = credentialsFile();
  if (existsSync(file)) saved = JSON.parse(readFileSync(file, 'utf8'));
  return {
    url: (overrides.url ?? cliIo().env.STEWARD_URL ?? saved.url ?? 'http://127.0.0.1:8080').replace(/\/$/, ''),
    token: overrides.token ?? cliIo().env.STEWARD_TOKEN ?? saved.token,
  };
}

export function saveCredentials(credentials: Credentials): string {
  const file = credentialsFile();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return file;
}

/** A problem+json error from the server, printable as one clear message. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: {
    title?: string;
    detail?: string;
    code?: string;
    errors?: { field: string; rule: string; message: string }[];
    [k: string]: unknown;
  };
  constructor(status: number, problem: ApiError['problem']) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
  describe(): string {
    const errors = this.problem.errors ?? [];
    const detail = this.problem.detail ?? '';
    // A validation detail only joins the errors listed below it: each is said once, on its own line.
    const repeats = errors.length > 0 && errors.every((e) => detail.includes(e.message));
    const lines = [
      `${this.problem.title ?? 'Error'} (${this.status}${this.problem.code ? ` ${this.problem.code}` : ''})${repeats ? ':' : `: ${detail}`}`,
    ];
    for (const e of errors) lines.push(`  ${e.field}: ${e.message} [${e.rule}]`);
    return lines.join('\n');
  }
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw body (e.g. a file stream) sent as is. */
  raw?: BodyInit;
  query?: Record<string, string | number | boolean | undefined>;
}

export class ApiClient {
  readonly credentials: Credentials;
  constructor(credentials: Credentials) {
    this.credentials = credentials;
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<{ data: T; headers: Headers; status: number }> {
    const url = new URL(this.credentials.url + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.credentials.token) headers.authorization = `Bearer ${this.credentials.token}`;
    let body: BodyInit | undefined = options.raw;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await fetch(url, { method: options.method ?? 'GET', headers, body, duplex: 'half' } as RequestInit);
    } catch (e) {
      throw new Error(
        `cannot reach Steward at ${this.credentials.url} (${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}); is it running? Set --url or STEWARD_URL`,
        { cause: e },
      );
    }
    const text = await response.text();
    const data = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
    if (!response.ok) throw new ApiError(response.status, typeof data === 'object' ? data : { detail: String(data) });
    return { data: data as T, headers: response.headers, status: response.status };
  }

  async get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return (await this.request<T>(path, { query })).data;
  }
  async post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return (await this.request<T>(path, { method: 'POST', body: body ?? {}, headers })).data;
  }
  /** Reads the resource's ETag, then applies `body` with If-Match so concurrent edits are not lost. */
  async patch<T>(path: string, body: unknown, method = 'PATCH'): Promise<T> {
    const current = await this.request<unknown>(path);
    const etag = current.headers.get('etag');
    return (await this.request<T>(path, { method, body, headers: etag ? { 'if-match': etag } : {} })).data;
  }
  async delete(path: string): Promise<void> {
    await this.request(path, { method: 'DELETE' });
  }
}
