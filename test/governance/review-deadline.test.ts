import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import type { CampaignView, ItemsPageView } from '../../src/governance/review-schemas.ts';
import { makeReviewWorld, type ReviewWorld } from './review-world.ts';

/**
 * The deadline, with the clock moved: reminders on the reminder days to the reviewers with undecided items (once
 * each, through the outbox), closing at the deadline with the undecided policy (remove ends the membership with a
 * recorded reason; escalate hands the items to the owner), the next recurring campaign, and a closing interrupted
 * half-way that the next run finishes without doing anything twice.
 */
describe('access reviews: the deadline job', () => {
  let w: ReviewWorld;
  const p = {} as Record<'ann' | 'bob' | 'cid' | 'dan' | 'eve' | 'olga' | 'rita' | 'carl', number>;
  const tok = {} as Record<'olga' | 'rita', string>;
  const m = {} as Record<'ann' | 'bob' | 'cid' | 'dan' | 'eve', number>;
  const camp = {} as Record<'quarterly' | 'escalating' | 'crashing', CampaignView>;
  const scheduler = systemActor('scheduler');
  const sweep = () => w.t.app.reviews.closing.sweep(scheduler);
  const reminders = async () =>
    (
      await w.t
        .db()
        .selectFrom('outbox')
        .select(['recipient', 'text_body'])
        .where('event', '=', 'review-reminder')
        .orderBy('id')
        .execute()
    ).map((r) => `${r.recipient.replace(/\d+x\d+@.*$/, '')}:${/\((\d+) days from now\)/.exec(r.text_body)?.[1]}`);
  const create = async (body: Record<string, unknown>) =>
    w.ok<CampaignView>(
      w.t.tokens.admin,
      { method: 'POST', url: '/reviews', payload: { ownerPersonId: p.olga, ...body } },
      201,
    );

  beforeAll(async () => {
    w = await makeReviewWorld();
    Object.assign(
      p,
      await w.people({
        ann: w.org.phy,
        bob: w.org.phy,
        cid: w.org.chem,
        dan: w.org.hist,
        eve: w.org.hist,
        olga: w.org.uni,
        rita: w.org.phy,
        carl: w.org.chem,
      }),
    );
    tok.olga = await w.account('olga', p.olga);
    tok.rita = await w.account('rita', p.rita);
    m.ann = await w.grant(w.groups.clerks, p.ann);
    m.bob = await w.grant(w.groups.clerks, p.bob);
    m.cid = await w.grant(w.groups.clerks, p.cid);
    m.dan = await w.grant(w.groups.approvers, p.dan);
    m.eve = await w.grant(w.groups.empty, p.eve);
    camp.quarterly = await create({
      name: 'clerks-quarterly',
      scope: { kind: 'group', id: w.groups.clerks },
      splitBy: 'department',
      reviewers: [
        { orgId: w.org.phy, personId: p.rita },
        { orgId: w.org.chem, personId: p.carl },
      ],
      deadline: '2026-09-20T17:00:00Z',
      remindDays: [7, 1],
      undecided: 'remove',
      everyMonths: 3,
    });
    camp.escalating = await create({
      name: 'approvers-once',
      scope: { kind: 'group', id: w.groups.approvers },
      reviewers: [{ personId: p.rita }],
      deadline: '2026-09-25T17:00:00Z',
      remindDays: [],
      undecided: 'escalate',
    });
    camp.crashing = await create({
      name: 'crashing',
      scope: { kind: 'group', id: w.groups.empty },
      deadline: '2026-09-28T17:00:00Z',
      remindDays: [],
      undecided: 'remove',
    });
    expect(await w.t.app.schedule.tick()).toEqual([]); // the scheduler first sees its jobs
  });
  afterAll(() => w.t.close());

  it('sends each reminder once, on its day, to the reviewers with undecided items', async () => {
    expect(await sweep()).toEqual({ closed: 0, escalated: 0, opened: 0, reminded: 0, failed: 0 });
    w.t.clock.set('2026-09-13T17:30:00Z');
    expect((await sweep()).reminded).toBe(2);
    expect((await sweep()).reminded).toBe(0);
    expect(await reminders()).toEqual(['rita:7', 'carl:7']);
    // Rita decides both of hers; only Carl is reminded the day before.
    const page = await w.ok<ItemsPageView>(tok.rita, { method: 'GET', url: `/reviews/${camp.quarterly.id}/items` });
    expect(page.total).toBe(2);
    expect(
      await w.ok(tok.rita, {
        method: 'POST',
        url: `/reviews/${camp.quarterly.id}/decisions`,
        payload: { decision: 'keep', comment: 'both still in the lab' },
      }),
    ).toEqual({ decided: 2 });
    w.t.clock.set('2026-09-19T17:00:00Z');
    expect((await sweep()).reminded).toBe(1);
    expect(await reminders()).toEqual(['rita:7', 'carl:7', 'carl:1']);
  });

  it('closes at the deadline (the scheduled job): undecided removed with a recorded end date, the next campaign opened', async () => {
    w.t.clock.set('2026-09-20T17:05:00Z');
    const reports = (await w.t.app.schedule.tick()) ?? [];
    const job = reports.find((r) => r.job === 'review-deadlines');
    expect(job, JSON.stringify(reports)).toMatchObject({ outcome: 'succeeded', summary: { closed: 1, opened: 1 } });
    expect(await w.endsOf([m.ann, m.bob, m.cid])).toEqual({
      [m.ann]: null,
      [m.bob]: null,
      [m.cid]: '2026-09-20T17:05:00.000Z',
    });
    const audit = await w.t
      .db()
      .selectFrom('audit_log')
      .select(['reason', 'actor'])
      .where('action', '=', 'governance.membership.end')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe('scheduler');
    expect(audit.reason).toMatch(
      /^Ends on .*: access review clerks-quarterly: not reviewed by the deadline, and undecided memberships are removed$/,
    );
    const closed = await w.ok<CampaignView>(tok.olga, { method: 'GET', url: `/reviews/${camp.quarterly.id}` });
    expect(closed).toMatchObject({ state: 'closed', closedAt: '2026-09-20T17:05:00.000Z' });
    const next = await w.ok<CampaignView>(tok.olga, { method: 'GET', url: `/reviews/${closed.nextId}` });
    expect(next).toMatchObject({
      name: 'clerks-quarterly-2026-12-20',
      state: 'open',
      deadline: '2026-12-20T17:00:00.000Z',
      previousId: camp.quarterly.id,
      everyMonths: 3,
      undecided: 'remove',
      counts: { total: 2, decided: 0 },
    });
    expect(next.reviewers.map((r) => r.personId).sort()).toEqual([p.rita, p.carl].sort());
    // Running again does nothing new.
    expect(await sweep()).toEqual({ closed: 0, escalated: 0, opened: 0, reminded: 0, failed: 0 });
    const campaigns = await w.t.db().selectFrom('review_campaigns').select('id').execute();
    expect(campaigns).toHaveLength(4);
  });

  it('escalates the undecided items to the owner at the deadline, who then closes and keeps them', async () => {
    w.t.clock.set('2026-09-25T18:00:00Z');
    expect(await sweep()).toMatchObject({ escalated: 1, closed: 0 });
    expect(await sweep()).toMatchObject({ escalated: 0, closed: 0 });
    const mail = await w.t
      .db()
      .selectFrom('outbox')
      .select(['recipient', 'subject'])
      .where('event', '=', 'review-escalated')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0].recipient).toMatch(/^olga/);
    const owners = await w.ok<ItemsPageView>(tok.olga, { method: 'GET', url: `/reviews/${camp.escalating.id}/items` });
    expect(owners.items.map((i) => [i.person.personId, i.escalatedFrom])).toEqual([[p.dan, p.rita]]);
    expect((await w.ok<CampaignView>(tok.olga, { method: 'GET', url: `/reviews/${camp.escalating.id}` })).state).toBe(
      'open',
    );
    const closed = await w.ok<{ outcomes: Record<string, number> }>(tok.olga, {
      method: 'POST',
      url: `/reviews/${camp.escalating.id}/close`,
    });
    expect(closed.outcomes).toEqual({ kept: 1, removed: 0, endDated: 0, gone: 0 });
    expect(await w.endsOf([m.dan])).toEqual({ [m.dan]: null });
  });

  it('finishes a closing that stopped half-way, without applying anything twice', async () => {
    const db = w.t.db();
    await sql
      .raw(
        `create function review_crash() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger review_crash before update on review_campaigns for each row when (new.state = 'closed' and new.id = ${camp.crashing.id}) execute function review_crash()`,
      )
      .execute(db);
    w.t.clock.set('2026-09-28T18:00:00Z');
    await expect(sweep()).rejects.toThrow('could not be closed');
    const half = await db
      .selectFrom('review_campaigns')
      .select(['state', 'closing_at'])
      .where('id', '=', camp.crashing.id)
      .executeTakeFirstOrThrow();
    expect(half.state).toBe('open');
    expect(half.closing_at).not.toBeNull();
    expect(
      (await db.selectFrom('review_items').select('outcome').where('campaign_id', '=', camp.crashing.id).execute()).map(
        (i) => i.outcome,
      ),
    ).toEqual(['removed']);
    // Decisions are refused while closing.
    const item = await db
      .selectFrom('review_items')
      .select(['id', 'version'])
      .where('campaign_id', '=', camp.crashing.id)
      .executeTakeFirstOrThrow();
    const late = await w.t.call(tok.olga, {
      method: 'PUT',
      url: `/reviews/${camp.crashing.id}/items/${item.id}/decision`,
      headers: { 'if-match': `"${item.version}"` },
      payload: { decision: 'keep' },
    });
    expect(late.statusCode).toBe(409);
    await sql.raw('drop trigger review_crash on review_campaigns').execute(db);
    await sql.raw('drop function review_crash()').execute(db);
    w.t.clock.set('2026-09-28T18:10:00Z');
    expect(await sweep()).toMatchObject({ closed: 1, failed: 0 });
    expect(
      (
        await db
          .selectFrom('review_campaigns')
          .select('state')
          .where('id', '=', camp.crashing.id)
          .executeTakeFirstOrThrow()
      ).state,
    ).toBe('closed');
    const history = await db
      .selectFrom('group_history')
      .select('event')
      .where('membership_id', '=', m.eve)
      .where('event', '=', 'end-set')
      .execute();
    expect(history).toHaveLength(1);
    expect(await w.endsOf([m.eve])).toEqual({ [m.eve]: '2026-09-28T18:00:00.000Z' });
  });
});
