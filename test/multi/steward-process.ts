import { type JsonAnswer, jsonClient } from '../support/json-client.ts';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Real Steward server processes for the multi-process tests and the soak: each is
 * `bin/steward.js serve` on its own port, spawned on a Node.js that runs the TypeScript in
 * the same process (so a signal sent to it reaches the server itself, not a launcher).
 */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Node 24 or later: this one when it is, else the one pinned by the project (the `node` package). */
export function node24(): string {
  if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
  const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) throw new Error('Node.js 24 is needed: run npm install');
  return pinned;
}

export const strongPassword = `Multi-${randomBytes(9).toString('base64url')}-Steward!`;

/** A fresh database on the server `baseUrl` names, cloned from `template` when given. */
export async function freshDatabase(
  baseUrl: string,
  template?: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `steward_m_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const target = new URL(baseUrl);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: baseUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export interface StewardProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Everything the process wrote (its log and its start banner). */
  output(): string;
  /** SIGTERM and wait for the end (or SIGKILL after 10 s). */
  stop(): Promise<void>;
  exited: Promise<void>;
}

/** Starts `steward serve` and resolves when its /health answers. */
export async function startSteward(
  name: string,
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<StewardProcess> {
  const child = spawn(node24(), [join(root, 'bin', 'steward.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      STEWARD_PORT: '0',
      STEWARD_HOST: '127.0.0.1',
      STEWARD_DEMO: 'false',
      STEWARD_ADMIN_PASSWORD: strongPassword,
      STEWARD_SCHEDULER: 'true',
      STEWARD_LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = Date.now();
  let url: string | null = null;
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`steward ${name} ended before answering:\n${out}`);
    url ??= /Steward is running at (http:\/\/[^\s/]+)\//.exec(out)?.[1] ?? null;
    if (url) {
      const health = await fetch(`${url}/health`).catch(() => null);
      if (health?.ok) break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!url) throw new Error(`steward ${name} did not start within ${timeoutMs} ms:\n${out}`);
  return {
    name,
    url,
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Signs in as admin (session cookie) and creates an API token with it. */
export async function adminToken(url: string, password = strongPassword): Promise<string> {
  const login = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (!login.ok) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]);
  const made = await fetch(`${url}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie: cookie.join('; ') },
    body: JSON.stringify({ name: 'multi' }),
  });
  if (made.status !== 201) throw new Error(`token: ${made.status} ${await made.text()}`);
  return ((await made.json()) as { token: string }).token;
}

export type Answer<T = Record<string, unknown>> = JsonAnswer<T>;

/** A JSON client of one server with a bearer token. */
export const client = jsonClient;

export type Client = ReturnType<typeof client>;

/** Like `call`, but throws unless the answer is 2xx. */
export async function ok<T = { id: number } & Record<string, unknown>>(
  call: Client,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const r = await call<T>(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
