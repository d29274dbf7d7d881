import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';
import type { Clock } from '../../src/platform/clock.ts';
import type { CloudEvent } from '../../src/provision/webhook/cloud-event.ts';

/**
 * A real HTTP webhook receiver on 127.0.0.1 for the tests. Every request is checked with the
 * standardwebhooks library; `accepted` holds the events it answered 204 to, `requests` every
 * request with the answer given. The signature timestamp is checked against the test's clock
 * (standardwebhooks compares it with Date.now(), which is pointed at the clock for the check).
 */
export type Mode = 'ok' | 'fail' | 'hang';

export interface Request {
  headers: IncomingHttpHeaders;
  body: string;
  event: CloudEvent;
  answer: number | 'none';
}

export interface Receiver {
  url: string;
  mode: Mode;
  requests: Request[];
  accepted: CloudEvent[];
  /** Verifies a message the way a receiver would, at the clock's time; throws when it does not verify. */
  verify(body: string, headers: IncomingHttpHeaders): unknown;
  /** Stops listening and drops open connections: the receiver is down (connection refused). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

function verifyAt(clock: Clock, secret: string, body: string, headers: IncomingHttpHeaders): unknown {
  vi.useFakeTimers({ toFake: ['Date'], now: clock.now() });
  try {
    return new Webhook(secret).verify(body, headers as Record<string, string>);
  } finally {
    vi.useRealTimers();
  }
}

export async function startReceiver(clock: Clock, secret: string): Promise<Receiver> {
  let server: Server;
  const receiver: Receiver = {
    url: '',
    mode: 'ok',
    requests: [],
    accepted: [],
    verify: (body, headers) => verifyAt(clock, secret, body, headers),
    down: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    up: () => listen(Number(new URL(receiver.url).port)),
    close: async () => {
      if (server.listening) await receiver.down();
      else server.closeAllConnections();
    },
  };
  const answer = (body: string, headers: IncomingHttpHeaders): number | 'none' => {
    if (receiver.mode === 'hang') return 'none';
    if (receiver.mode === 'fail') return 500;
    try {
      receiver.accepted.push(receiver.verify(body, headers) as CloudEvent);
      return 204;
    } catch {
      return 401;
    }
  };
  const listen = (port: number) =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const code = answer(body, req.headers);
          receiver.requests.push({ headers: req.headers, body, event: JSON.parse(body) as CloudEvent, answer: code });
          if (code === 500) res.writeHead(500, { 'content-type': 'text/plain' }).end('database is down\n');
          else if (code !== 'none') res.writeHead(code).end();
        });
      });
      server.listen(port, '127.0.0.1', () => {
        receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
        resolve();
      });
    });
  await listen(0);
  return receiver;
}
