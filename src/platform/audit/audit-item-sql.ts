import { type RawBuilder, sql } from 'kysely';

/**
 * The one definition of an audit row's own hash, evaluated by the database both when the row is written
 * (unit-of-work.ts) and when it is verified (audit-verify-sql.ts), so no row travels through JavaScript JSON to be
 * hashed:
 *
 *   hash = SHA-256(UTF-8 of jsonb_build_array(seq, at, actor_id, actor, action, target_type, target_id, reason,
 *                                              before, after)::text)
 *
 * with `at` written as `YYYY-MM-DDTHH:MI:SS.USZ` in UTC (independent of the session's time zone). The text output of
 * a jsonb value is deterministic (object keys sorted, one spacing, numbers as stored), on PostgreSQL and PGlite
 * alike, so the hash depends only on the stored values: anyone with `psql` can recompute it with the same
 * expression. `alias` names the row source whose columns carry those names.
 */
export function itemHashSql(alias: string): RawBuilder<Uint8Array> {
  if (!/^[a-z_]+$/.test(alias)) throw new Error(`not an alias: ${alias}`);
  const c = (name: string) => `${alias}.${name}`;
  return sql<Uint8Array>`sha256(convert_to(jsonb_build_array(${sql.raw(
    [
      c('seq'),
      `to_char(${c('at')} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
      c('actor_id'),
      c('actor'),
      c('action'),
      c('target_type'),
      c('target_id'),
      c('reason'),
      c('before'),
      c('after'),
    ].join(', '),
  )})::text, 'UTF8'))`;
}

/** A batch's digest: SHA-256 over its rows' own hashes concatenated in sequence order (`alias` is audit_log). */
export function digestSql(alias: string): RawBuilder<Uint8Array | null> {
  if (!/^[a-z_]+$/.test(alias)) throw new Error(`not an alias: ${alias}`);
  return sql<Uint8Array | null>`sha256(string_agg(${sql.raw(`${alias}.hash`)}, ''::bytea order by ${sql.raw(`${alias}.seq`)}))`;
}
