import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { onCleanup } from './cleanup.ts';

/**
 * The webhook benchmark's receiver: a node:http server in a child process of its own that
 * checks every request's Standard Webhooks signature with the standardwebhooks package,
 * answers 204 (401 when it does not verify), and reports each arrival — event id, subject,
 * whether it verified, and the wall-clock time it arrived (performance.timeOrigin + now,
 * comparable across processes) — to the bench process over IPC, a few milliseconds' worth
 * at a time. Run as a script, it is the child; imported, `startReceiver` forks it.
 */
export interface Arrival {
  id: string;
  subject: string;
  ok: boolean;
  /** Epoch milliseconds, sub-millisecond precision. */
  at: number;
}

export const wallClock = () => performance.timeOrigin + performance.now();

function child(secret: string): void {
  const hook = new Webhook(secret);
  let pending: Arrival[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    process.send!({ arrivals: batch });
  };
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let ok = true;
      let event: { id?: string; subject?: string } = {};
      try {
        event = hook.verify(body, req.headers as Record<string, string>) as typeof event;
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 204 : 401).end();
      pending.push({ id: event.id ?? '', subject: event.subject ?? '', ok, at: wallClock() });
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 2);
      }
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

export interface Receiver {
  url: string;
  arrivals: Arrival[];
  /** Resolves once `count` arrivals have been reported in all. */
  until(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(secret: string): Promise<Receiver> {
  const proc = fork(import.meta.filename, ['--child'], {
    env: { ...process.env, BENCH_WEBHOOK_SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const close = onCleanup(`webhook receiver ${proc.pid}`, async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await gone;
  });
  const arrivals: Arrival[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`the webhook receiver exited ${code}`)));
    proc.on('message', (m: { port?: number; arrivals?: Arrival[] }) => {
      if (m.port) resolve(m.port);
      if (m.arrivals) {
        arrivals.push(...m.arrivals);
        waiters = waiters.filter((w) => (arrivals.length >= w.count ? (w.resolve(), false) : true));
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    until(count, timeoutMs = 600_000) {
      if (arrivals.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the receiver had ${arrivals.length} of ${count} events after ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    close,
  };
}

if (process.argv.includes('--child') && process.env.BENCH_WEBHOOK_SECRET) child(process.env.BENCH_WEBHOOK_SECRET);
