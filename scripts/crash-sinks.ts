// The outside world of the crash campaign (scripts/crash-campaign.ts): a real SMTP server and an HTTP webhook
// receiver on loopback, each keeping what it was sent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ReceivedEvent } from './crash-compare.ts';

/** A real SMTP server that keeps the Message-ID of every mail it takes. */
export async function smtpSink() {
  const ids: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        ids.push(/^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? '(none)');
        callback();
      });
    },
  });
  // A Steward killed mid-delivery resets its connection: expected here, not a failure of the sink.
  server.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') throw e;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, ids, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** An HTTP webhook receiver that answers 204 and keeps every event it is sent (its id, type, subject and data). */
export async function webhookReceiver() {
  const ids: string[] = [];
  const events: ReceivedEvent[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const event = JSON.parse(body) as { id?: unknown } & ReceivedEvent;
      ids.push(String(event.id));
      events.push({ type: event.type, subject: event.subject, data: event.data });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    ids,
    events,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
