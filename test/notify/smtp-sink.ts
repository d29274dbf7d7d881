import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as a real SMTP server received it: envelope, headers and the decoded text body. */
export interface ReceivedMail {
  from: string;
  to: string[];
  headers: Record<string, string>;
  subject: string;
  text: string;
  raw: string;
}

/**
 * A real SMTP server on a random local port that keeps what it receives. `reject` makes it
 * refuse recipients with the given reply (e.g. 451 for "try later", 550 for "never").
 */
export async function startSmtpSink() {
  const received: ReceivedMail[] = [];
  const state = { reject: null as null | { code: number; message: string } };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.reject) return callback();
      callback(Object.assign(new Error(state.reject.message), { responseCode: state.reject.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push(
          parse(
            raw,
            session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Refuse every recipient with this reply until `accept()`. */
    reject(code: number, message: string) {
      state.reject = { code, message };
    },
    accept() {
      state.reject = null;
    },
    /** Stops listening (again is harmless). */
    close: () => {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.slice(split + 4);
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1];
  let encoding = headers['content-transfer-encoding'] ?? '7bit';
  if (boundary) {
    // multipart/alternative: the first part is the text
    const part = body.split(`--${boundary}`)[1];
    const at = part.indexOf('\r\n\r\n');
    encoding = /content-transfer-encoding:\s*(\S+)/i.exec(part.slice(0, at))?.[1] ?? '7bit';
    body = part.slice(at + 4).replace(/\r\n$/, '');
  }
  return {
    from,
    to,
    headers,
    subject: decodeWords(headers.subject ?? ''),
    text: decodeBody(body, encoding).replace(/\r\n/g, '\n'),
    raw,
  };
}

function decodeBody(body: string, encoding: string): string {
  if (encoding.toLowerCase() === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding.toLowerCase() !== 'quoted-printable') return body;
  return quotedPrintable(body.replace(/=\r\n/g, ''));
}

function quotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words in a header (UTF-8, Q or B). */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([qb])\?([^?]*)\?=\s*(?==\?)?/gi, (_m, kind: string, text: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : quotedPrintable(text.replace(/_/g, ' ')),
  );
}
