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

/** Steward's logger (to standard output, or to `destination`, e.g. a test's capture). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
