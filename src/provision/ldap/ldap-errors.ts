import { ResultCodeError } from 'ldapts';
import { TargetError } from './ldap-ops.ts';

/** Result codes of RFC 4511 by the name an administrator looks up. */
const resultNames: Record<number, string> = {
  1: 'Operations error',
  2: 'Protocol error',
  3: 'Time limit exceeded',
  4: 'Size limit exceeded',
  8: 'Strong authentication required',
  11: 'Administrative limit exceeded',
  13: 'Confidentiality required',
  16: 'No such attribute',
  17: 'Undefined attribute type',
  18: 'Inappropriate matching',
  19: 'Constraint violation',
  20: 'Attribute or value exists',
  21: 'Invalid attribute syntax',
  32: 'No such object',
  34: 'Invalid DN syntax',
  48: 'Inappropriate authentication',
  49: 'Invalid credentials',
  50: 'Insufficient access',
  51: 'Busy',
  52: 'Unavailable',
  53: 'Unwilling to perform',
  54: 'Loop detected',
  64: 'Naming violation',
  65: 'Object class violation',
  66: 'Not allowed on non-leaf',
  67: 'Not allowed on RDN',
  68: 'Already exists',
  69: 'Object class modifications prohibited',
  80: 'Other',
};

/**
 * Result codes worth trying again: the server is busy, unavailable or slow. Invalid
 * credentials are among them because the cure is an administrator fixing the target's
 * password, after which the queued writes should go through without anyone replaying them.
 */
const retryableCodes = new Set([3, 11, 49, 51, 52, 80]);

/** Node's socket and TLS error codes, and ldapts's own messages for a lost or slow connection. */
const connectionCodes =
  /^(E[A-Z]+|ERR_TLS_.*|ERR_SSL_.*|CERT_.*|UNABLE_TO_.*|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_.*)$/;
const connectionMessages =
  /timed? ?out|connection closed|socket|connection not established|ECONN|EPIPE|TLS|SSL|certificate/i;

/** Whether `error` means the connection is lost or never came up (drop the client and reconnect). */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof ResultCodeError || !(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  return (typeof code === 'string' && connectionCodes.test(code)) || connectionMessages.test(error.message);
}

/** The directory's refusal as a TargetError: what was being done and on which DN, then its own words. */
export function toTargetError(doing: string, error: unknown): TargetError {
  if (error instanceof TargetError) return error;
  if (error instanceof ResultCodeError) {
    const name = resultNames[error.code] ?? `LDAP result ${error.code}`;
    // ldapts appends the code (" Code: 0x41") to the server's diagnostic message; the name says it.
    const said = error.message.replace(/\s*Code: 0x[0-9a-f]+\s*$/i, '').trim();
    return new TargetError(`${doing}: ${said === '' ? name : `${name}: ${said}`}`, retryableCodes.has(error.code));
  }
  const message = (error instanceof Error ? error.message : String(error)).trim().replace(/\s*\n\s*/g, ': ');
  return new TargetError(`${doing}: ${message}`, isConnectionFailure(error));
}
