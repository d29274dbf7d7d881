import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditHash } from '../../src/platform/audit/audit-hash.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

type AuditRow = Awaited<ReturnType<typeof readRows>>[number];
const readRows = (t: TestApp) => t.db().selectFrom('audit_log').selectAll().orderBy('seq').execute();
const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
const hashOf = (r: AuditRow) =>
  auditHash(r.prev_hash, {
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

  it('names the next row when an edited row was rehashed, and the head when it was the last', async () => {
    const rehash = async (r: AuditRow) => {
      const forged = { ...r, reason: 'forged' };
      await t
        .db()
        .updateTable('audit_log')
        .set({ reason: forged.reason, hash: hashOf(forged) })
        .where('seq', '=', r.seq)
        .execute();
    };
    await rehash(middle());
    expect(await problemsOf()).toEqual([
      { seq: middle().seq + 1, problem: expect.stringContaining('does not follow') },
    ]);
    await t
      .db()
      .updateTable('audit_log')
      .set({ reason: middle().reason, hash: middle().hash })
      .where('seq', '=', middle().seq)
      .execute();
    const last = original[original.length - 1];
    await rehash(last);
    expect(await problemsOf()).toEqual([{ seq: last.seq, problem: 'the last row does not match the chain head' }]);
  });

  it('names a well-formed row appended after the head, and rows truncated from the end, by the count', async () => {
    const last = original[original.length - 1];
    const appended = { ...last, seq: last.seq + 1, prev_hash: last.hash, reason: 'slipped in' };
    await t
      .db()
      .insertInto('audit_log')
      .values({ ...appended, hash: hashOf(appended), before: json(last.before), after: json(last.after) })
      .execute();
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
