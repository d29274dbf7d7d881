import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from './auth/actor.ts';
import { auditHash } from './audit/audit-hash.ts';
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
    this.change({
      entityType: entry.targetType,
      entityId: entry.targetId,
      op: entry.op,
      data: entry.after ?? entry.before,
    });
  }
  get pending(): { audits: number; changes: number } {
    return { audits: this.#audits.length, changes: this.#changes.length };
  }

  /** Appends the recorded audit and change rows; called once, just before commit. */
  // Long by design: the audit and change-log append must run under one lock in one place; its steps are the chain's
  // definition
  // eslint-disable-next-line max-statements -- long by design, as said above
  async flush(): Promise<void> {
    if (this.#audits.length === 0 && this.#changes.length === 0) return;
    await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(this.db);
    const heads = await this.db.selectFrom('chain_heads').selectAll().execute();
    const audit = heads.find((h) => h.name === 'audit')!;
    const changes = heads.find((h) => h.name === 'changes')!;
    let seq = audit.seq;
    let prev: Uint8Array = Buffer.from(audit.hash!);
    const audits = {
      seq: [] as number[],
      action: [] as string[],
      targetType: [] as string[],
      targetId: [] as string[],
      reason: [] as (string | null)[],
      before: [] as (string | null)[],
      after: [] as (string | null)[],
      prev: [] as string[],
      hash: [] as string[],
    };
    for (const e of this.#audits) {
      seq += 1;
      const before = jsonText(e.before);
      const after = jsonText(e.after);
      const record = {
        seq,
        at: this.now,
        actorId: this.actor.id,
        actor: this.actor.name,
        action: e.action,
        targetType: e.targetType,
        targetId: String(e.targetId),
        reason: e.reason ?? null,
        before: before === null ? null : JSON.parse(before),
        after: after === null ? null : JSON.parse(after),
      };
      const hash = auditHash(prev, record);
      audits.seq.push(seq);
      audits.action.push(record.action);
      audits.targetType.push(record.targetType);
      audits.targetId.push(record.targetId);
      audits.reason.push(record.reason);
      audits.before.push(before);
      audits.after.push(after);
      audits.prev.push(Buffer.from(prev).toString('hex'));
      audits.hash.push(hash.toString('hex'));
      prev = hash;
    }
    let position = changes.seq;
    const changed = {
      position: [] as number[],
      entityType: [] as string[],
      entityId: [] as string[],
      op: [] as string[],
      data: [] as (string | null)[],
    };
    for (const c of this.#changes) {
      changed.position.push(++position);
      changed.entityType.push(c.entityType);
      changed.entityId.push(String(c.entityId));
      changed.op.push(c.op);
      changed.data.push(jsonText(c.data));
    }
    // One statement per table whatever the batch size: rows travel as parallel arrays.
    for (let i = 0; i < audits.seq.length; i += CHUNK) {
      const part = <T>(xs: T[]) => xs.slice(i, i + CHUNK);
      await sql`
        insert into audit_log (seq, at, actor_id, actor, action, target_type, target_id, reason, before, after, prev_hash, hash)
        select t.seq, ${this.now}::timestamptz, ${this.actor.id}::bigint, ${this.actor.name}::text, t.action, t.target_type, t.target_id, t.reason,
               t.before::jsonb, t.after::jsonb, decode(t.prev, 'hex'), decode(t.hash, 'hex')
        from unnest(${part(audits.seq)}::bigint[], ${part(audits.action)}::text[], ${part(audits.targetType)}::text[], ${part(audits.targetId)}::text[],
                    ${part(audits.reason)}::text[], ${part(audits.before)}::text[], ${part(audits.after)}::text[], ${part(audits.prev)}::text[], ${part(audits.hash)}::text[])
             as t(seq, action, target_type, target_id, reason, before, after, prev, hash)`.execute(this.db);
    }
    for (let i = 0; i < changed.position.length; i += CHUNK) {
      const part = <T>(xs: T[]) => xs.slice(i, i + CHUNK);
      await sql`
        insert into change_log (position, at, entity_type, entity_id, op, data)
        select t.position, ${this.now}::timestamptz, t.entity_type, t.entity_id, t.op, t.data::jsonb
        from unnest(${part(changed.position)}::bigint[], ${part(changed.entityType)}::text[], ${part(changed.entityId)}::text[], ${part(changed.op)}::text[], ${part(changed.data)}::text[])
             as t(position, entity_type, entity_id, op, data)`.execute(this.db);
    }
    if (audits.seq.length)
      await this.db.updateTable('chain_heads').set({ seq, hash: prev }).where('name', '=', 'audit').execute();
    if (changed.position.length) {
      await this.db.updateTable('chain_heads').set({ seq: position }).where('name', '=', 'changes').execute();
      // Delivered when the transaction commits, and not at all if it rolls back.
      await sql`select pg_notify(${CHANGES_CHANNEL}, ${String(position)})`.execute(this.db);
    }
    this.#audits = [];
    this.#changes = [];
  }
}

/** A value as the JSON text stored in jsonb (dates become ISO strings); null for nothing. */
function jsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
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
