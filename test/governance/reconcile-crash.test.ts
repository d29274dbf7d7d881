import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReconcileService } from '../../src/governance/reconcile-service.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { graceWorld, system } from './grace-fixture.ts';

/**
 * A pass that fails half-way (the database refuses one batch's write, as a crash would end
 * it) keeps the batches it committed, loses nothing, and the next pass finishes the rest:
 * every membership gets its grace, its history row and its notices exactly once.
 */
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-10-05T07:00:00Z' });
});
afterAll(() => t.close());

describe('a pass that dies half-way', () => {
  it('commits in batches, and running it again finishes the work once', async () => {
    const w = graceWorld(t);
    const dept = await w.org('LAB');
    const group = await w.group('lab');
    const policy = await w.policy(group, { level: 'medium', massLossPercent: 100 });
    const people = [];
    for (let i = 0; i < 6; i += 1) {
      const p = await w.person({ family: `Crash${i}`, orgId: dept, title: 'Tech' });
      people.push({ ...p, membership: await w.govern(group, policy, p.id) });
    }
    w.days(1);
    for (const p of people) await w.changeAffiliation(p.id, p.affiliationId!, { title: 'Senior Tech' });
    const reconcile = createReconcileService(
      { db: t.db(), clock: t.clock, log: pino({ level: 'silent' }) },
      {},
      { batch: 2 },
    );
    // the third membership's batch (the second) is refused by the database
    const victim = people[2].membership;
    await sql`create function refuse_grace() returns trigger language plpgsql as $$
      begin raise exception 'the disk is gone'; end $$`.execute(t.db());
    await sql
      .raw(
        `create trigger refuse_grace before update on membership_facts for each row
      when (new.membership_id = ${victim} and new.grace_kind is not null) execute function refuse_grace()`,
      )
      .execute(t.db());
    await expect(reconcile.full(system)).rejects.toThrow(/the disk is gone/);
    const graced = async () =>
      (await t.db().selectFrom('membership_facts').select('membership_id').where('grace_kind', '=', 'job').execute())
        .length;
    expect(await graced()).toBe(2); // the first batch committed, the second rolled back whole
    expect(await w.mails(victim)).toHaveLength(0);

    await sql`drop trigger refuse_grace on membership_facts`.execute(t.db());
    const rest = await reconcile.full(system);
    expect(rest).toMatchObject({ candidates: 4, started: 4, batches: 2 });
    expect(await graced()).toBe(6);
    for (const p of people) {
      expect((await w.history(p.membership)).map((h) => h.event)).toEqual(['member-added', 'grace-started']);
      expect(await w.mails(p.membership)).toHaveLength(1); // the member (no manager, no owner here)
    }
    expect((await reconcile.full(system)).candidates).toBe(0);
  });
});
