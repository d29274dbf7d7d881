import { argon2, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Passwords are hashed with Argon2id (memory-hard, Node's own implementation) and kept in
 * PHC string form. API tokens and session ids are 256-bit random secrets, so a fast
 * SHA-256 of them is what is stored; the secret itself is shown once.
 */
const argon2Async = promisify(argon2);

export interface Argon2Cost {
  memoryKiB: number;
  passes: number;
  parallelism: number;
}

/** OWASP's recommended minimum for Argon2id. */
export const defaultCost: Argon2Cost = { memoryKiB: 19_456, passes: 2, parallelism: 1 };

export async function hashPassword(password: string, cost: Argon2Cost = defaultCost): Promise<string> {
  const nonce = randomBytes(16);
  const tag = await argon2Async('argon2id', {
    message: password,
    nonce,
    parallelism: cost.parallelism,
    tagLength: 32,
    memory: cost.memoryKiB,
    passes: cost.passes,
  });
  return `$argon2id$v=19$m=${cost.memoryKiB},t=${cost.passes},p=${cost.parallelism}$${nonce.toString('base64url')}$${Buffer.from(tag).toString('base64url')}`;
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/.exec(phc);
  if (!m) return false;
  const expected = Buffer.from(m[5], 'base64url');
  const tag = await argon2Async('argon2id', {
    message: password,
    nonce: Buffer.from(m[4], 'base64url'),
    parallelism: Number(m[3]),
    tagLength: expected.length,
    memory: Number(m[1]),
    passes: Number(m[2]),
  });
  return timingSafeEqual(Buffer.from(tag), expected);
}

/** A new secret with a readable prefix, e.g. "stw_…" for tokens. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 of a secret, as stored (one-shot: every bearer request hashes its token). */
export function secretHash(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/** A password for a freshly created account: 20 characters from an unambiguous alphabet. */
export function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}
