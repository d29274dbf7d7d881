import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditHash, GENESIS } from '../../src/platform/audit/audit-hash.ts';
import { itemHashSql } from '../../src/platform/audit/audit-item-sql.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import type { DB } from '../../src/platform/db/schema.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { makeTestApp, openTestDatabase, type TestApp } from '../harness.ts';

type AuditRow = Awaited<ReturnType<typeof readRows>>[number];
const readRows = (t: TestApp) => t.db().selectFrom('audit_log').selectAll().orderBy('seq').execute();
const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
/** A row's per-row chain hash, as rows written before batches carry it. */
const hashOf = (r: AuditRow) =>
  auditHash(r.prev_hash ?? GENESIS, {
    seq: r.seq,
    at: r.at as Date,
    actorId: r.actor_id,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    reason: r.reason,
    before: r.before,
    after: r.after,
  });
/** Rehashes rows in place as a forger who knows the row hash would: their own hash then matches their content. */
const rehashRows = (db: Kysely<DB>, from: number, to = from) =>
  sql`update audit_log a set hash = ${itemHashSql('a')} where a.seq between ${from} and ${to}`.execute(db);
/** The first seq of the batch holding a row: where a problem with the batch is named. */
const batchOf = async (db: Kysely<DB>, seq: number) =>
  (
    await db
      .selectFrom('audit_batches')
      .select('first_seq')
      .where('first_seq', '<=', seq)
      .where('last_seq', '>=', seq)
      .executeTakeFirstOrThrow()
  ).first_seq;

describe('hash-chained audit trail', () => {
  let t: TestApp;
  /** The chain as written, put back after each tamper test. */
  let original: AuditRow[];
  const actor = systemActor('tester');
  beforeAll(async () => {
    t = await makeTestApp();
    for (let i = 0; i < 5; i++) {
      await write(t.app, actor, async (uow) => {
        uow.audit({
          action: 'thing.touch',
          targetType: 'thing',
          targetId: i,
          before: { n: i },
          after: { n: i + 1, nested: { b: 2, a: 1 } },
          reason: `round ${i}`,
        });
      });
    }
  });
  afterAll(() => t.close());

  beforeAll(async () => {
    original = await readRows(t);
  });
  afterEach(async () => {
    await t.db().deleteFrom('audit_log').execute();
    for (const r of original)
      await t
        .db()
        .insertInto('audit_log')
        .values({ ...r, before: json(r.before), after: json(r.after) })
        .execute();
  });
  const middle = () => original[Math.floor(original.length / 2)];
  const problemsOf = async () => {
    const report = await t.app.audit.verify(actor);
    expect(report.ok).toBe(false);
    return report.problems;
  };

  it('verifies an untouched chain', async () => {
    const report = await t.app.audit.verify(actor);
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(5);
    expect(report.problems).toEqual([]);
  });

  it('detects an edited row and names it', async () => {
    const target = await t
      .db()
      .selectFrom('audit_log')
      .select('seq')
      .where('reason', '=', 'round 2')
      .executeTakeFirstOrThrow();
    await sql`update audit_log set reason = 'nothing to see' where seq = ${target.seq}`.execute(t.db());
    const report = await t.app.audit.verify(actor);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({ seq: target.seq, problem: expect.stringContaining('edited') });
    await sql`update audit_log set reason = 'round 2' where seq = ${target.seq}`.execute(t.db());
    expect((await t.app.audit.verify(actor)).ok).toBe(true);
  });

  it('names a row whose other columns were edited: before and after images, actor, action, target, time', async () => {
    const { seq } = middle();
    const edits = [
      sql`update audit_log set before = '{"n": 99}'::jsonb where seq = ${seq}`,
      sql`update audit_log set after = null where seq = ${seq}`,
      sql`update audit_log set actor = 'mallory' where seq = ${seq}`,
      sql`update audit_log set action = 'thing.read' where seq = ${seq}`,
      sql`update audit_log set target_id = '999' where seq = ${seq}`,
      sql`update audit_log set at = at - interval '1 day' where seq = ${seq}`,
    ];
    for (const edit of edits) {
      await edit.execute(t.db());
      expect(await problemsOf()).toEqual([{ seq, problem: expect.stringContaining('edited') }]);
      const r = middle();
      await t
        .db()
        .updateTable('audit_log')
        .set({ ...r, before: json(r.before), after: json(r.after) })
        .where('seq', '=', seq)
        .execute();
      expect((await t.app.audit.verify(actor)).ok).toBe(true);
    }
  });

  it('names the batch of a row that was edited and rehashed, the last row included', async () => {
    for (const r of [middle(), original[original.length - 1]]) {
      await sql`update audit_log set reason = 'forged' where seq = ${r.seq}`.execute(t.db());
      await rehashRows(t.db(), r.seq);
      expect(await problemsOf()).toEqual([
        { seq: await batchOf(t.db(), r.seq), problem: expect.stringContaining("do not match their batch's digest") },
      ]);
      await t.db().updateTable('audit_log').set({ reason: r.reason, hash: r.hash }).where('seq', '=', r.seq).execute();
      expect((await t.app.audit.verify(actor)).ok).toBe(true);
    }
  });

  it('names a well-formed row appended after the head, and rows truncated from the end, by the count', async () => {
    const last = original[original.length - 1];
    const appended = { ...last, seq: last.seq + 1, reason: 'slipped in' };
    await t
      .db()
      .insertInto('audit_log')
      .values({ ...appended, before: json(last.before), after: json(last.after) })
      .execute();
    await rehashRows(t.db(), appended.seq);
    expect(await problemsOf()).toEqual([
      { seq: last.seq, problem: expect.stringContaining(`says ${last.seq} rows but ${last.seq + 1} were found`) },
    ]);
    await t
      .db()
      .deleteFrom('audit_log')
      .where('seq', '>=', last.seq - 1)
      .execute();
    expect(await problemsOf()).toEqual([
      { seq: last.seq, problem: expect.stringContaining(`says ${last.seq} rows but ${last.seq - 2} were found`) },
    ]);
  });

  it('names two rows that changed places', async () => {
    const [a, b] = [original[1], original[3]];
    const move = (from: number, to: number) =>
      t.db().updateTable('audit_log').set({ seq: to }).where('seq', '=', from).execute();
    await move(a.seq, 1_000_000);
    await move(b.seq, a.seq);
    await move(1_000_000, b.seq);
    const problems = await problemsOf();
    expect(problems).toContainEqual({ seq: a.seq, problem: expect.stringContaining('edited') });
    expect(problems).toContainEqual({ seq: b.seq, problem: expect.stringContaining('edited') });
  });

  it('detects a deleted row in the middle and at the end', async () => {
    const rows = await t.db().selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const middle = rows[2];
    await t.db().deleteFrom('audit_log').where('seq', '=', middle.seq).execute();
    let report = await t.app.audit.verify(actor);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.problem).join(' ')).toContain('missing');
    await t
      .db()
      .insertInto('audit_log')
      .values({ ...middle, before: JSON.stringify(middle.before), after: JSON.stringify(middle.after) })
      .execute();
    expect((await t.app.audit.verify(actor)).ok).toBe(true);

    const last = rows[rows.length - 1];
    await t.db().deleteFrom('audit_log').where('seq', '=', last.seq).execute();
    report = await t.app.audit.verify(actor);
    expect(report.ok).toBe(false);
    expect(report.problems[0].problem).toContain('chain head');
  });
});

describe('audit batches: one step of the chain per write transaction', () => {
  let t: TestApp;
  const actor = systemActor('tester');
  let seqs: number[];
  beforeAll(async () => {
    t = await makeTestApp();
    await write(t.app, actor, async (uow) => {
      for (let i = 0; i < 4; i++)
        uow.audit({
          action: 'thing.touch',
          targetType: 'thing',
          targetId: i,
          before: i === 0 ? undefined : { n: i },
          after: { n: i + 1, nested: { b: 2, a: 1 } },
          reason: i === 0 ? 'round 0' : null,
        });
    });
    await write(t.app, actor, async (uow) => uow.audit({ action: 'thing.after', targetType: 'thing', targetId: 9 }));
    seqs = (await readRows(t)).filter((r) => r.action === 'thing.touch').map((r) => r.seq);
  });
  afterAll(() => t.close());
  const sha256 = (...parts: (Uint8Array | string)[]) => {
    const h = createHash('sha256');
    for (const p of parts) h.update(p);
    return h.digest();
  };
  const problems = async () => (await t.app.audit.verify(actor)).problems;

  it("hashes each row over its values as PostgreSQL prints them, and chains the batch's digest once", async () => {
    const rows = (await readRows(t)).filter((r) => seqs.includes(r.seq));
    const first = rows[0];
    const text =
      `[${first.seq}, "2026-09-01T09:00:00.000000Z", ${first.actor_id ?? 'null'}, "tester", "thing.touch", "thing", ` +
      `"0", "round 0", null, {"n": 1, "nested": {"a": 1, "b": 2}}]`;
    expect(Buffer.from(first.hash).equals(sha256(text))).toBe(true);
    expect(rows.every((r) => r.prev_hash === null)).toBe(true);
    const batches = await t.db().selectFrom('audit_batches').selectAll().orderBy('first_seq').execute();
    const batch = batches.find((b) => b.first_seq === seqs[0])!;
    expect([batch.first_seq, batch.last_seq]).toEqual([seqs[0], seqs[3]]);
    const digest = sha256(...rows.map((r) => r.hash));
    expect(Buffer.from(batch.digest).equals(digest)).toBe(true);
    expect(Buffer.from(batch.hash).equals(sha256(batch.prev_hash, digest))).toBe(true);
    const before = batches[batches.indexOf(batch) - 1];
    expect(Buffer.from(batch.prev_hash).equals(Buffer.from(before.hash))).toBe(true);
    const head = await t
      .db()
      .selectFrom('chain_heads')
      .selectAll()
      .where('name', '=', 'audit')
      .executeTakeFirstOrThrow();
    const last = batches[batches.length - 1];
    expect([head.seq, Buffer.from(head.hash!).equals(Buffer.from(last.hash))]).toEqual([last.last_seq, true]);
    expect(await problems()).toEqual([]);
  });

  it('names an edited row and a removed row inside a batch, and a batch whose record was edited or removed', async () => {
    const [, second, third] = seqs;
    await sql`update audit_log set after = '{"n": 7}'::jsonb where seq = ${third}`.execute(t.db());
    expect(await problems()).toEqual([{ seq: third, problem: expect.stringContaining('edited') }]);
    await sql`update audit_log set after = '{"n": 3, "nested": {"a": 1, "b": 2}}'::jsonb where seq = ${third}`.execute(
      t.db(),
    );
    expect(await problems()).toEqual([]);

    const removed = await t
      .db()
      .deleteFrom('audit_log')
      .where('seq', '=', second)
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(await problems()).toEqual([{ seq: second, problem: `rows ${second}..${second} are missing` }]);
    await t
      .db()
      .insertInto('audit_log')
      .values({ ...removed, before: json(removed.before), after: json(removed.after) })
      .execute();
    expect(await problems()).toEqual([]);

    const batch = await t
      .db()
      .selectFrom('audit_batches')
      .selectAll()
      .where('first_seq', '=', seqs[0])
      .executeTakeFirstOrThrow();
    await t
      .db()
      .updateTable('audit_batches')
      .set({ digest: Buffer.alloc(32) })
      .where('first_seq', '=', seqs[0])
      .execute();
    expect(await problems()).toEqual([
      { seq: seqs[0], problem: expect.stringContaining('its record was edited') },
      { seq: seqs[0], problem: expect.stringContaining("do not match their batch's digest") },
    ]);
    await t.db().deleteFrom('audit_batches').where('first_seq', '=', seqs[0]).execute();
    expect(await problems()).toEqual([
      { seq: seqs[0], problem: `no batch holds rows ${seqs[0]}..${seqs[3]}` },
      { seq: seqs[3] + 1, problem: expect.stringContaining('does not follow its predecessor') },
    ]);
    await t.db().insertInto('audit_batches').values(batch).execute();
    expect(await problems()).toEqual([]);
  });
});

describe('rows written before batches keep their per-row chain', () => {
  let t: TestApp;
  const actor = systemActor('tester');
  let legacy: AuditRow[];
  beforeAll(async () => {
    // The chain as Steward wrote it before migration 0032: each row hashed over its predecessor's hash.
    const database = await openTestDatabase();
    let prev: Uint8Array = GENESIS;
    for (let seq = 1; seq <= 4; seq++) {
      const row = {
        seq,
        at: new Date(Date.UTC(2026, 7, 1, 12, seq)),
        actor_id: null,
        actor: 'system:old',
        action: 'thing.old',
        target_type: 'thing',
        target_id: String(seq),
        reason: null,
        before: null,
        after: { n: seq, z: { y: 1, b: 2 } },
        prev_hash: prev,
      };
      const hash = hashOf({ ...row, hash: Buffer.alloc(0) });
      await database.db
        .insertInto('audit_log')
        .values({ ...row, after: json(row.after), hash })
        .execute();
      prev = hash;
    }
    await database.db.updateTable('chain_heads').set({ seq: 4, hash: prev }).where('name', '=', 'audit').execute();
    t = await makeTestApp({ database });
    await write(t.app, actor, async (uow) => uow.audit({ action: 'thing.new', targetType: 'thing', targetId: 5 }));
    legacy = (await readRows(t)).filter((r) => r.seq <= 4);
  });
  afterAll(() => t.close());
  const problems = async () => (await t.app.audit.verify(actor)).problems;
  const restore = (r: AuditRow) =>
    t.db().updateTable('audit_log').set({ reason: r.reason, hash: r.hash }).where('seq', '=', r.seq).execute();

  it('verifies the per-row chain followed by batches, the first batch linked to the last per-row hash', async () => {
    const report = await t.app.audit.verify(actor);
    expect([report.ok, report.checked]).toEqual([true, (await readRows(t)).length]);
    const first = await t.db().selectFrom('audit_batches').selectAll().orderBy('first_seq').executeTakeFirstOrThrow();
    expect(first.first_seq).toBe(5);
    expect(Buffer.from(first.prev_hash).equals(Buffer.from(legacy[3].hash))).toBe(true);
  });

  it('names an edited per-row chain row, the row after one edited and rehashed, and the first batch after the last', async () => {
    await sql`update audit_log set reason = 'nothing to see' where seq = 2`.execute(t.db());
    expect(await problems()).toEqual([{ seq: 2, problem: expect.stringContaining('edited') }]);
    const rehash = (r: AuditRow) =>
      t
        .db()
        .updateTable('audit_log')
        .set({ reason: 'forged', hash: hashOf({ ...r, reason: 'forged' }) })
        .where('seq', '=', r.seq)
        .execute();
    await rehash(legacy[1]);
    expect(await problems()).toEqual([{ seq: 3, problem: expect.stringContaining('does not follow') }]);
    await restore(legacy[1]);
    await rehash(legacy[3]);
    expect(await problems()).toEqual([{ seq: 5, problem: expect.stringContaining('batch 5..5 does not follow') }]);
    await restore(legacy[3]);
    expect(await problems()).toEqual([]);
  });
});
