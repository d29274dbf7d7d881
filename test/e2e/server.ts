import { jsonClient } from '../support/json-client.ts';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Clock } from '../../src/platform/clock.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { type Running, startServer } from '../../src/server/start.ts';

export const ADMIN_PASSWORD = 'e2e correct horse battery';

/** Test data from the API is read loosely; the assertions are on what the browser shows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export interface ApiAnswer<T = Loose> {
  status: number;
  body: T;
  etag: string | null;
}

export interface E2EServer {
  url: string;
  running: Running;
  /** Calls the API as the admin (bearer token), for creating test data. */
  api<T = Loose>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>>;
  /** Sends a body as it is (e.g. a CSV snapshot) as the admin; throws unless the answer is 2xx. */
  raw<T = Loose>(method: string, path: string, body: string, contentType: string): Promise<ApiAnswer<T>>;
  /** Like api() but throws unless the answer is 2xx. */
  ok<T = Loose>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A real Steward (HTTP server, built web UI) on a fresh copy of the run's migrated PGlite data directory, on a free
 * port; `overrides` adds settings (single sign-on providers); `options.clock` gives it a clock the test moves.
 */
export async function startE2EServer(
  overrides: Partial<Config> = {},
  options: { clock?: Clock } = {},
): Promise<E2EServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'steward-e2e-'));
  cpSync(inject('e2eDataDirTemplate'), dataDir, { recursive: true });
  const config = loadConfig(
    {},
    {
      dataDir,
      port: 0,
      host: '127.0.0.1',
      adminPassword: ADMIN_PASSWORD,
      demo: false,
      webDir: 'dist/web',
      logLevel: 'warn',
      ...overrides,
    },
  );
  const running = await startServer(config, { print: () => {}, clock: options.clock });
  const url = running.url;
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const made = await fetch(`${url}/tokens`, {
    method: 'POST',
    // A change made with the session cookie names its origin, as a browser's does (issue 13).
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ name: 'e2e' }),
  });
  if (!made.ok) throw new Error(`could not make an API token: ${made.status} ${await made.text()}`);
  const { token } = (await made.json()) as { token: string };

  const api = jsonClient(url, token) as <T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<ApiAnswer<T>>;
  const ok = async <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> => {
    const answer = await api<T>(method, path, body, headers);
    if (answer.status >= 300) throw new Error(`${method} ${path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const raw = async <T>(method: string, path: string, body: string, contentType: string): Promise<ApiAnswer<T>> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return { status: res.status, body: JSON.parse(text) as T, etag: res.headers.get('etag') };
  };
  return {
    url,
    running,
    api,
    raw,
    ok,
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
