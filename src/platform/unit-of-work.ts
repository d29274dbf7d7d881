import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from './auth/actor.ts';
import { digestSql, itemHashSql } from './audit/audit-item-sql.ts';
import type { Clock } from './clock.ts';
import type { DB } from './db/schema.ts';
import { CHANGES_CHANNEL } from './db/change-signal.ts';

export interface AuditEntry {
  /** Verb in dotted form: "person.create", "org.move". */
  action: string;
  targetType: string;
  targetId: string | number;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface ChangeEntry {
  entityType: string;
  entityId: string | number;
  /** What happened to the entity: created, updated, merged, ended, deleted … */
  op: string;
  data?: unknown;
}

/** The advisory lock that orders audit-chain and change-log appends (value is arbitrary). */
const APPEND_LOCK = 73_011_979;
const CHUNK = 10_000;

/**
 * One use case's transaction. Use cases write their rows through `db`, and record what
 * they did with `audit` / `change` (or `record` for both). At the end, under one advisory
 * lock held until commit, the audit rows become one batch on the hash chain and the changes get the next
 * gapless positions, so positions follow commit order and a consumer reading `after=N`
 * can never skip a change that commits later.
 */
export class UnitOfWork {
  readonly db: Transaction<DB>;
  readonly actor: Actor;
  readonly now: Date;
  #audits: AuditEntry[] = [];
  #changes: ChangeEntry[] = [];
  constructor(db: Transaction<DB>, actor: Actor, now: Date) {
    this.db = db;
    this.actor = actor;
    this.now = now;
  }
  audit(entry: AuditEntry): void {
    this.#audits.push(entry);
  }
  change(entry: ChangeEntry): void {
    this.#changes.push(entry);
  }
  /** Audits the action and appends the change it made, with `after` as the change's data. */
  record(entry: AuditEntry & { op: string }): void {
    this.audit(entry);
    this.change({
      entityType: entry.targetType,
      entityId: entry.targetId,
      op: entry.op,
      data: entry.after ?? entry.before,
    });
  }
  /** What has been audited so far in this transaction (the mass-change guard reads it to preview the effect). */
  get audited(): readonly AuditEntry[] {
    return this.#audits;
  }
  get pending(): { audits: number; changes: number } {
    return { audits: this.#audits.length, changes: this.#changes.length };
  }

  /** Appends the recorded audit and change rows; called once, just before commit. */
  async flush(): Promise<void> {
    if (this.#audits.length === 0 && this.#changes.length === 0) return;
    await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(this.db);
    const heads = await this.db.selectFrom('chain_heads').selectAll().execute();
    const audit = heads.find((h) => h.name === 'audit')!;
    const changes = heads.find((h) => h.name === 'changes')!;
    if (this.#audits.length) await this.#appendAudits(audit.seq);
    if (this.#changes.length) await this.#appendChanges(changes.seq);
    this.#audits = [];
    this.#changes = [];
  }

  /**
   * The audit rows as one batch after `head`: each row's own hash is computed by the database as it is inserted
   * (audit-item-sql.ts), then one batch record chains the digest of those hashes to the previous head, and the head
   * moves to it. No row is hashed or re-parsed in JavaScript.
   */
  async #appendAudits(head: number): Promise<void> {
    const first = head + 1;
    const last = head + this.#audits.length;
    const rows = this.#audits.map((e) => ({
      action: e.action,
      target_type: e.targetType,
      target_id: String(e.targetId),
      reason: e.reason ?? undefined,
      before: e.before ?? undefined,
      after: e.after ?? undefined,
    }));
    // One statement per table whatever the batch size: the rows travel as one JSON text parameter, expanded in SQL.
    for (let i = 0; i < rows.length; i += CHUNK) {
      await sql`
        insert into audit_log (seq, at, actor_id, actor, action, target_type, target_id, reason, before, after, hash)
        select x.*, ${itemHashSql('x')}
        from (select ${first + i - 1}::bigint + t.n as seq, ${this.now}::timestamptz as at, ${this.actor.id}::bigint as actor_id,
                     ${this.actor.name}::text as actor, t.action, t.target_type, t.target_id, t.reason, t.before, t.after
              from rows from (json_to_recordset(${JSON.stringify(rows.slice(i, i + CHUNK))}::json)
                              as (action text, target_type text, target_id text, reason text, before jsonb, after jsonb))
                   with ordinality as t(action, target_type, target_id, reason, before, after, n)) x`.execute(this.db);
    }
    await sql`
      with d as (select ${digestSql('a')} as digest from audit_log a where a.seq between ${first} and ${last}),
           b as (insert into audit_batches (first_seq, last_seq, prev_hash, digest, hash)
                 select ${first}::bigint, ${last}::bigint, h.hash, d.digest, sha256(h.hash || d.digest)
                 from d, chain_heads h where h.name = 'audit'
                 returning last_seq, hash)
      update chain_heads set seq = b.last_seq, hash = b.hash from b where chain_heads.name = 'audit'`.execute(this.db);
  }

  /** The change-log rows with the next gapless positions after `head`, and the wake-up for followers. */
  async #appendChanges(head: number): Promise<void> {
    const changed = this.#changes.map((c) => ({
      entity_type: c.entityType,
      entity_id: String(c.entityId),
      op: c.op,
      data: c.data ?? undefined,
    }));
    const position = head + changed.length;
    for (let i = 0; i < changed.length; i += CHUNK) {
      await sql`
        insert into change_log (position, at, entity_type, entity_id, op, data)
        select ${head + i}::bigint + t.n, ${this.now}::timestamptz, t.entity_type, t.entity_id, t.op, t.data
        from rows from (json_to_recordset(${JSON.stringify(changed.slice(i, i + CHUNK))}::json)
                        as (entity_type text, entity_id text, op text, data jsonb))
             with ordinality as t(entity_type, entity_id, op, data, n)`.execute(this.db);
    }
    await this.db.updateTable('chain_heads').set({ seq: position }).where('name', '=', 'changes').execute();
    // Delivered when the transaction commits, and not at all if it rolls back.
    await sql`select pg_notify(${CHANGES_CHANNEL}, ${String(position)})`.execute(this.db);
  }
}

export interface WriteDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** Runs a use case in one transaction with its audit and change-log rows. */
export async function write<T>(deps: WriteDeps, actor: Actor, fn: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    const uow = new UnitOfWork(trx, actor, deps.clock.now());
    // The moment the database's history triggers record versions at (row_versions, migration 0034).
    await sql`select set_config('steward.now', ${uow.now.toISOString()}, true)`.execute(trx);
    const result = await fn(uow);
    await uow.flush();
    return result;
  });
}
