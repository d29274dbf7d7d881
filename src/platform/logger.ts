import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Where secrets may sit in what is logged (a request's headers, a body, an error's context): their values are
 * replaced before a line is written, at every level. Passwords, one-time passwords, API tokens, session cookies,
 * target secrets (LDAP bind password, webhook secret) and the Authorization header.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.secrets',
  '*.generatedSecret',
  '*.session',
  'password',
  'token',
  'secret',
  'secrets',
  'body.password',
  'body.secrets',
  'err.config.password',
];

/** The logger options every Steward logger uses: the level, and the secrets redacted. */
export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: redactedPaths, censor: '[redacted]' } };
}

export type LogFormat = 'auto' | 'json' | 'pretty';

/** Whether lines are written for a person to read: asked for, or `auto` and standard output is a terminal. */
export function readableLogs(format: LogFormat, stdoutIsTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTerminal);
}

/**
 * Steward's logger (to standard output, or to `destination`, e.g. a test's capture). On a terminal the lines are
 * readable text (time, level, message, then the fields); piped or sent to a file they stay one JSON object per line.
 */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  if (destination) return pino(loggerOptions(level), destination);
  if (readableLogs(format, process.stdout.isTTY === true)) return pino(loggerOptions(level), readableStream());
  return pino(loggerOptions(level));
}

function readableStream(): DestinationStream {
  // Loaded only when a person reads the lines, so a server under a supervisor never pays for it.
  const pretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
  return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
}
