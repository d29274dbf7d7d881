import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

describe('hash-chained audit trail', () => {
  let t: TestApp;
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
