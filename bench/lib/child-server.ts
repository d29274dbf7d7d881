import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.ts';

/** A server in its own process (Steward, or a baseline), started and timed until its /health answers ready. */
export interface ChildServer {
  url: string;
  pid: number;
  /** Milliseconds from spawn until /health first answered anything (a 503 "starting" included). */
  firstAnswerMs: number;
  /** Milliseconds from spawn until /health answered 200. */
  readyMs: number;
  /** Resident memory of the process now, in MB (VmRSS of /proc/<pid>/status). */
  rssMb(): number;
  /** CPU time the process has used so far (user + system), in seconds: steadier than wall time on a busy machine. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export const repoRoot = join(fileURLToPath(import.meta.url), '..', '..', '..');

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => ok(port));
    });
  });
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** utime + stime of /proc/<pid>/stat, in seconds (clock ticks of 1/100 s, as on Linux). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function ended(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((ok) => {
    const timer = setTimeout(() => ok(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      ok(true);
    });
  });
}

/**
 * Spawns `node <args>` (this Node, so the child runs on the same version) and polls `<url>/health` every 20 ms until
 * it answers 200; throws if the child exits first or `timeoutMs` passes. Its stderr is kept for the error message.
 */
export async function startChild(
  label: string,
  args: string[],
  port: number,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ChildServer> {
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const stop = async () => {
    child.kill('SIGTERM');
    if (!(await ended(child, 30_000))) {
      child.kill('SIGKILL');
      await ended(child, 5_000);
    }
  };
  const cleanup = onCleanup(`${label} (pid ${child.pid})`, stop);
  let firstAnswerMs = Number.NaN;
  const deadline = started + (options.timeoutMs ?? 600_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${label} ended (${child.exitCode ?? child.signalCode}) before answering: ${stderr}`);
    if (performance.now() > deadline) {
      await cleanup();
      throw new Error(`${label} did not answer /health within ${options.timeoutMs} ms: ${stderr}`);
    }
    const response = await fetch(`${url}/health`).catch(() => null);
    if (response) {
      await response.arrayBuffer();
      if (Number.isNaN(firstAnswerMs)) firstAnswerMs = performance.now() - started;
      if (response.status === 200) break;
    }
    await new Promise((ok) => setTimeout(ok, 20));
  }
  const readyMs = performance.now() - started;
  return {
    url,
    pid: child.pid!,
    firstAnswerMs,
    readyMs,
    rssMb: () => rssMbOf(child.pid!),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop: cleanup,
  };
}
