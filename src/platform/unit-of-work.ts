import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from './auth/actor.ts';
import { auditHash, plainJson } from './audit/audit-hash.ts';
import type { Clock } from './clock.ts';
import type { DB } from './db/schema.ts';

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
const CHUNK = 1000;

/**
 * One use case's transaction. Use cases write their rows through `db`, and record what
 * they did with `audit` / `change` (or `record` for both). At the end, under one advisory
 * lock held until commit, the audit rows are hash-chained and the changes get the next
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
    this.change({ entityType: entry.targetType, entityId: entry.targetId, op: entry.op, data: entry.after ?? entry.before });
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
    let seq = audit.seq;
    let prev: Uint8Array = Buffer.from(audit.hash!);
    const auditRows = this.#audits.map((e) => {
      seq += 1;
      const record = {
        seq,
        at: this.now,
        actorId: this.actor.id,
        actor: this.actor.name,
        action: e.action,
        targetType: e.targetType,
        targetId: String(e.targetId),
        reason: e.reason ?? null,
        before: plainJson(e.before),
        after: plainJson(e.after),
      };
      const hash = auditHash(prev, record);
      const row = {
        seq,
        at: this.now,
        actor_id: record.actorId,
        actor: record.actor,
        action: record.action,
        target_type: record.targetType,
        target_id: record.targetId,
        reason: record.reason,
        before: record.before === null ? null : JSON.stringify(record.before),
        after: record.after === null ? null : JSON.stringify(record.after),
        prev_hash: prev,
        hash,
      };
      prev = hash;
      return row;
    });
    let position = changes.seq;
    const changeRows = this.#changes.map((c) => ({
      position: ++position,
      at: this.now,
      entity_type: c.entityType,
      entity_id: String(c.entityId),
      op: c.op,
      data: c.data === undefined || c.data === null ? null : JSON.stringify(plainJson(c.data)),
    }));
    for (let i = 0; i < auditRows.length; i += CHUNK) await this.db.insertInto('audit_log').values(auditRows.slice(i, i + CHUNK)).execute();
    for (let i = 0; i < changeRows.length; i += CHUNK) await this.db.insertInto('change_log').values(changeRows.slice(i, i + CHUNK)).execute();
    if (auditRows.length) await this.db.updateTable('chain_heads').set({ seq, hash: prev }).where('name', '=', 'audit').execute();
    if (changeRows.length) await this.db.updateTable('chain_heads').set({ seq: position }).where('name', '=', 'changes').execute();
    this.#audits = [];
    this.#changes = [];
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
    const result = await fn(uow);
    await uow.flush();
    return result;
  });
}
