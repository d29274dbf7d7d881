import type { Actor } from './actor.ts';

/**
 * Who an API token belongs to, remembered for a short while so that a busy program's calls
 * (POST /check at thousands a second) do not each read the token, the account and its roles,
 * nor hash the token (a SHA-256 through OpenSSL costs a few microseconds of a request's tens).
 * The key is the token as the request sent it: held only in this process's memory, as every
 * request's headers are, and never longer than `ttlMs` after its last look-up from the
 * database (each `set` drops the entries past their time first).
 * An entry lives `ttlMs` (real time, not the injected clock: it is a cache, not a business
 * date) and never past the token's own expiry. Every change to accounts, roles or tokens in
 * this process empties the cache at once; another process sees such a change within `ttlMs`.
 * `ttlMs` 0 turns the cache off.
 */
interface Entry {
  actor: Actor;
  tokenExpiresAt: Date | null;
  storedAt: number;
}

export class ActorCache {
  readonly #ttlMs: number;
  readonly #monotonic: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  #generation = 0;

  constructor(ttlMs: number, monotonic: () => number = () => performance.now(), max = 10_000) {
    this.#ttlMs = ttlMs;
    this.#monotonic = monotonic;
    this.#max = max;
  }

  /** The cached actor of a token, if still fresh at `now` (the business clock, for the token's expiry). */
  get(token: string, now: Date): Actor | null {
    if (this.#ttlMs <= 0) return null;
    const entry = this.#entries.get(token);
    if (!entry) return null;
    if (
      this.#monotonic() - entry.storedAt >= this.#ttlMs ||
      (entry.tokenExpiresAt !== null && entry.tokenExpiresAt <= now)
    ) {
      this.#entries.delete(token);
      return null;
    }
    return entry.actor;
  }

  /** Counts the clears: a look-up that began before a change (a revoke) must not store what it read. */
  get generation(): number {
    return this.#generation;
  }

  /** Remembers a token's actor, unless the cache was cleared since `generation` (when the look-up began). */
  set(token: string, actor: Actor, tokenExpiresAt: Date | null, generation = this.#generation): void {
    if (this.#ttlMs <= 0 || generation !== this.#generation) return;
    const at = this.#monotonic();
    // Entries are in the order they were stored (a token stored again moves to the end): the stale ones come first.
    this.#entries.delete(token);
    for (const [key, entry] of this.#entries) {
      if (at - entry.storedAt < this.#ttlMs) break;
      this.#entries.delete(key);
    }
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(token, { actor, tokenExpiresAt, storedAt: at });
  }

  /** How many tokens it holds now. */
  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }
}
