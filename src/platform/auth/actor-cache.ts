import type { Actor } from './actor.ts';

/**
 * Who an API token belongs to, remembered for a short while so that a busy program's calls
 * (POST /check at thousands a second) do not each read the token, the account and its roles.
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

  constructor(ttlMs: number, monotonic: () => number = () => performance.now(), max = 10_000) {
    this.#ttlMs = ttlMs;
    this.#monotonic = monotonic;
    this.#max = max;
  }

  /** The cached actor of a token hash, if still fresh at `now` (the business clock, for the token's expiry). */
  get(hash: string, now: Date): Actor | null {
    if (this.#ttlMs <= 0) return null;
    const entry = this.#entries.get(hash);
    if (!entry) return null;
    if (
      this.#monotonic() - entry.storedAt >= this.#ttlMs ||
      (entry.tokenExpiresAt !== null && entry.tokenExpiresAt <= now)
    ) {
      this.#entries.delete(hash);
      return null;
    }
    return entry.actor;
  }

  set(hash: string, actor: Actor, tokenExpiresAt: Date | null): void {
    if (this.#ttlMs <= 0) return;
    if (this.#entries.size >= this.#max) this.#entries.clear();
    this.#entries.set(hash, { actor, tokenExpiresAt, storedAt: this.#monotonic() });
  }

  clear(): void {
    this.#entries.clear();
  }
}
