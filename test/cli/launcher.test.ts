import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** A Node older than 24, so bin/steward.js relaunches itself on the pinned one; else the pinned Node itself. */
function launcherNode(): string {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const major = Number(execFileSync(candidate, ['-p', 'process.versions.node.split(".")[0]']).toString().trim());
    if (major < 24) return candidate;
  }
  return process.execPath;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The pids of a process's children (Linux). */
const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('bin/steward.js (issue 13)', () => {
  const started: number[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    // Whatever the launcher left behind must not outlive the test.
    for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function serve(): Promise<{ launcher: ChildProcess; server: number; url: string; ended: Promise<unknown> }> {
    const dir = mkdtempSync(join(tmpdir(), 'steward-launcher-'));
    dirs.push(dir);
    const port = await freePort();
    const launcher = spawn(launcherNode(), [join(root, 'bin', 'steward.js'), 'serve', '--port', String(port)], {
      env: { ...process.env, STEWARD_DATA_DIR: dir, STEWARD_DEMO: 'false', STEWARD_SCHEDULER: 'false' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    started.push(launcher.pid!);
    const ended = new Promise((resolve) => launcher.on('exit', (code, signal) => resolve({ code, signal })));
    const url = `http://127.0.0.1:${port}`;
    await until('the server to answer', async () => ((await fetch(`${url}/health`)).ok ? true : undefined), 90_000);
    const children = childrenOf(launcher.pid!);
    const server = children.length ? children[0]! : launcher.pid!;
    started.push(server);
    return { launcher, server, url, ended };
  }

  it.each(['SIGTERM'] as const)(
    'stops the server it started when it gets %s, and ends as the server did',
    async (signal) => {
      const { launcher, server, url, ended } = await serve();
      launcher.kill(signal);
      expect(await ended).toEqual({ code: 0, signal: null });
      await until('the server process to end', async () => (alive(server) ? undefined : true), 15_000);
      await expect(fetch(`${url}/health`)).rejects.toThrow();
    },
    120_000,
  );

  it('ends by the signal that ended the server (SIGHUP)', async () => {
    const { launcher, server, ended } = await serve();
    launcher.kill('SIGHUP');
    const result = (await ended) as { code: number | null; signal: string | null };
    await until('the server process to end', async () => (alive(server) ? undefined : true), 15_000);
    expect(result.signal ?? result.code).toBeTruthy();
  });
});
