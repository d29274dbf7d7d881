import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';

/**
 * A handle on an open transaction that services can take as their `db`: their own `db.transaction().execute(fn)`
 * (what `write` opens) runs `fn` inside the outer transaction instead of opening another, so several use cases, each
 * authorising, auditing and appending to the change log as usual, commit together or not at all. Every other
 * method is the transaction's own (PGlite has one connection: nothing may escape to the pool meanwhile).
 */
export function nestedTransaction(trx: Transaction<DB>): Kysely<DB> {
  const handle: Kysely<DB> = new Proxy(trx, {
    get(target, prop) {
      if (prop === 'transaction') return () => joined;
      if (prop === 'connection') return () => ({ execute: <T>(fn: (db: Kysely<DB>) => Promise<T>) => fn(handle) });
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const joined = {
    setIsolationLevel: () => joined,
    setAccessMode: () => joined,
    execute: <T>(fn: (db: Transaction<DB>) => Promise<T>) => fn(handle as Transaction<DB>),
  };
  return handle;
}
