import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CampaignView,
  CloseResultView,
  ItemsPageView,
  ItemView,
  ReportView,
} from '../../src/governance/review-schemas.ts';
import { makeReviewWorld, type ReviewWorld } from './review-world.ts';

/**
 * Reviewers' decisions: keep, remove (comment required) or an end date, one at a time with If-Match or in bulk over
 * a filter; another reviewer or an outsider refused; nothing applied until the campaign closes, and then removals
 * end the membership with the reason recorded; the report per reviewer and its CSV; attestation recorded.
 */
describe('access reviews: decisions, closing and the report', () => {
  let w: ReviewWorld;
  const p = {} as Record<'ann' | 'bob' | 'dan' | 'fay' | 'olga' | 'rita' | 'carl' | 'zed', number>;
  const tok = {} as Record<'olga' | 'rita' | 'carl' | 'zed', string>;
  const membership = {} as Record<'ann' | 'bob' | 'dan' | 'fay', number>;
  let c: CampaignView;
  let items: Record<'ann' | 'bob' | 'dan' | 'fay', ItemView>;

  beforeAll(async () => {
    w = await makeReviewWorld();
    Object.assign(
      p,
      await w.people(
        {
          ann: w.org.phy,
          bob: w.org.chem,
          dan: w.org.phy,
          fay: w.org.phy,
          olga: w.org.uni,
          rita: w.org.phy,
          carl: w.org.chem,
          zed: w.org.hist,
        },
        'Staff',
      ),
    );
    for (const name of ['olga', 'rita', 'carl', 'zed'] as const) tok[name] = await w.account(name, p[name]);
    membership.ann = await w.grant(w.groups.clerks, p.ann, { ticket: 'HR-1' });
    membership.bob = await w.grant(w.groups.clerks, p.bob);
    membership.dan = await w.grant(w.groups.temps, p.dan);
    membership.fay = await w.grant(w.groups.clerks, p.fay);
    c = await w.ok<CampaignView>(
      w.t.tokens.admin,
      {
        method: 'POST',
        url: '/reviews',
        payload: {
          name: 'clerks-review',
          scope: { kind: 'group', id: w.groups.clerks },
          splitBy: 'department',
          reviewers: [
            { orgId: w.org.phy, personId: p.rita },
            { orgId: w.org.chem, personId: p.carl },
          ],
          deadline: '2026-10-01T00:00:00Z',
          ownerPersonId: p.olga,
        },
      },
      201,
    );
    const page = await w.ok<ItemsPageView>(w.t.tokens.admin, {
      method: 'GET',
      url: `/reviews/${c.id}/items?reviewer=all`,
    });
    const of = (id: number) => page.items.find((i) => i.person.personId === id)!;
    items = { ann: of(p.ann), bob: of(p.bob), dan: of(p.dan), fay: of(p.fay) };
  });
  afterAll(() => w.t.close());

  const decide = (
    token: string,
    item: ItemView,
    body: Record<string, unknown>,
    version: number | null = item.version,
  ) =>
    w.t.call(token, {
      method: 'PUT',
      url: `/reviews/${c.id}/items/${item.id}/decision`,
      headers: version === null ? {} : { 'if-match': `"${version}"` },
      payload: body,
    });

  it('lets the reviewer decide their items, with a comment to remove and a date to end, and If-Match', async () => {
    const keep = await decide(tok.rita, items.ann, { decision: 'keep', comment: 'still runs the budget' });
    expect(keep.statusCode, keep.body).toBe(200);
    expect(keep.json()).toMatchObject({
      decision: 'keep',
      comment: 'still runs the budget',
      version: 2,
    });
    expect(keep.json().decidedBy).toMatch(/^rita\d+$/);
    expect(keep.headers.etag).toBe('"2"');
    const noComment = await decide(tok.rita, items.dan, { decision: 'remove' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors[0]).toMatchObject({ field: '/comment', rule: 'required' });
    const past = await decide(tok.rita, items.dan, { decision: 'end-date', endDate: '2026-08-31' });
    expect(past.json().errors[0]).toMatchObject({ field: '/endDate', rule: 'not-past' });
    expect((await decide(tok.rita, items.dan, { decision: 'keep' }, null)).statusCode).toBe(428);
    expect((await decide(tok.rita, items.dan, { decision: 'keep' }, 7)).statusCode).toBe(412);
    const removed = await decide(tok.rita, items.dan, { decision: 'remove', comment: 'summer is over' });
    expect(removed.statusCode, removed.body).toBe(200);
    // The owner may decide anyone's item.
    const ended = await decide(tok.olga, items.bob, {
      decision: 'end-date',
      endDate: '2026-12-31',
      comment: 'until the audit',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    // Nothing is applied while the campaign is open.
    expect(await w.endsOf([membership.dan])).toEqual({ [membership.dan]: null });
  });

  it("refuses another reviewer's item and an outsider, changing nothing", async () => {
    const before = await w.t
      .db()
      .selectFrom('review_items')
      .select(['id', 'version', 'decision'])
      .orderBy('id')
      .execute();
    const carl = await decide(tok.carl, items.fay, { decision: 'keep' });
    expect(carl.statusCode).toBe(403);
    const zed = await decide(tok.zed, items.fay, { decision: 'keep' });
    expect(zed.statusCode).toBe(403);
    expect(zed.json().detail).toContain('neither the owner nor a reviewer');
    const auditor = await decide(w.t.tokens.auditor, items.fay, { decision: 'keep' });
    expect(auditor.statusCode).toBe(403);
    const bulkOther = await w.t.call(tok.carl, {
      method: 'POST',
      url: `/reviews/${c.id}/decisions`,
      payload: { decision: 'keep', filter: { reviewer: 'all' } },
    });
    expect(bulkOther.statusCode).toBe(403);
    expect(
      await w.t.db().selectFrom('review_items').select(['id', 'version', 'decision']).orderBy('id').execute(),
    ).toEqual(before);
  });

  it('decides in bulk over a filter and says how many', async () => {
    const bulk = await w.ok<{ decided: number }>(tok.rita, {
      method: 'POST',
      url: `/reviews/${c.id}/decisions`,
      payload: { decision: 'keep', comment: 'team confirmed', filter: { decided: false } },
    });
    expect(bulk).toEqual({ decided: 1 }); // only Fay was left undecided among Rita's
    const mine = await w.ok<ItemsPageView>(tok.rita, { method: 'GET', url: `/reviews/${c.id}/items?decided=false` });
    expect(mine).toMatchObject({ total: 0, decided: 3, undecided: 0 });
    const again = await w.ok<{ decided: number }>(tok.rita, {
      method: 'POST',
      url: `/reviews/${c.id}/decisions`,
      payload: { decision: 'keep', filter: { decided: false } },
    });
    expect(again.decided).toBe(0);
    const audit = await w.t
      .db()
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'review.decide')
      .execute();
    expect(audit.length).toBe(4);
  });

  it('reports progress per reviewer before closing', async () => {
    const r = await w.ok<ReportView>(tok.olga, { method: 'GET', url: `/reviews/${c.id}/report` });
    const rita = r.reviewers.find((x) => x.personId === p.rita)!;
    expect(rita).toMatchObject({ total: 3, decided: 3, kept: 2, removed: 1, endDated: 0, undecided: 0 });
    expect(r.reviewers.find((x) => x.personId === p.carl)).toMatchObject({ total: 1, decided: 1, endDated: 1 });
    expect(r.totals).toMatchObject({ total: 4, decided: 4, kept: 2, removed: 1, endDated: 1 });
    expect(r.outcomes.pending).toBe(4);
    expect((await w.t.call(tok.rita, { method: 'GET', url: `/reviews/${c.id}/report` })).statusCode).toBe(403);
  });

  it('applies the decisions when the owner closes: removal with its reason, the end date, a reviewer’s keep a re-approval', async () => {
    w.t.clock.set('2026-09-20T10:00:00Z');
    expect((await w.t.call(tok.rita, { method: 'POST', url: `/reviews/${c.id}/close` })).statusCode).toBe(403);
    const closed = await w.ok<CloseResultView>(tok.olga, { method: 'POST', url: `/reviews/${c.id}/close` });
    expect(closed.campaign.state).toBe('closed');
    expect(closed.outcomes).toEqual({ kept: 2, removed: 1, endDated: 1, gone: 0 });
    expect(closed.next).toBeNull();
    const until = await w.endsOf(Object.values(membership));
    expect(until[membership.dan]).toBe('2026-09-20T10:00:00.000Z');
    expect(until[membership.bob]).toBe('2027-01-01T00:00:00.000Z');
    expect(until[membership.ann]).toBeNull();
    expect(until[membership.fay]).toBeNull();
    // Rita's keep re-approved Ann's governed membership: its facts are stored again, with her as approver
    const annFacts = await w.t
      .db()
      .selectFrom('membership_facts')
      .select(['approved_by', 'approved_at', 'recorded_at'])
      .where('membership_id', '=', membership.ann)
      .executeTakeFirstOrThrow();
    expect(annFacts.approved_by).toMatch(/^rita\d+$/);
    expect(annFacts.approved_at?.toISOString()).toBe('2026-09-20T10:00:00.000Z');
    const history = await w.t
      .db()
      .selectFrom('group_history')
      .select('data')
      .where('membership_id', '=', membership.dan)
      .where('event', '=', 'end-set')
      .executeTakeFirstOrThrow();
    // through the grace-and-notice path: the reason kept, and the member and the parties told
    const governed = (history.data as { governance: { reason: string; notices: unknown[] } }).governance;
    expect(governed.reason).toMatch(/^access review clerks-review: removed by rita\d+: summer is over$/);
    expect(governed.notices.length).toBeGreaterThan(0);
    const audit = await w.t
      .db()
      .selectFrom('audit_log')
      .select(['reason', 'actor'])
      .where('action', '=', 'governance.membership.end')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(audit.map((a) => a.reason).join(' | ')).toContain('summer is over');
    // Dan no longer counts in the temps group, nor through it in the clerks.
    const eff = await w.ok<Array<{ personId: number }>>(w.t.tokens.admin, {
      method: 'GET',
      url: `/groups/${w.groups.clerks}/members/effective`,
    });
    expect(eff.map((e) => e.personId)).not.toContain(p.dan);
    // Closed: no more decisions, and the groups reviewed are attested.
    const late = await decide(tok.rita, { ...items.fay, version: 2 }, { decision: 'remove', comment: 'late' });
    expect(late.statusCode).toBe(409);
    const attested = await w.t
      .db()
      .selectFrom('groups')
      .select(['id', 'attested_at'])
      .where('id', 'in', [w.groups.clerks, w.groups.temps])
      .execute();
    expect(attested.map((g) => g.attested_at?.toISOString())).toEqual([
      '2026-09-20T10:00:00.000Z',
      '2026-09-20T10:00:00.000Z',
    ]);
    expect((await w.t.call(tok.olga, { method: 'POST', url: `/reviews/${c.id}/close` })).statusCode).toBe(409);
  });

  it('exports the result as CSV with formula cells neutralised', async () => {
    const item = (
      await w.t
        .db()
        .selectFrom('review_items')
        .select('id')
        .where('campaign_id', '=', c.id)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    await w.t
      .db()
      .updateTable('review_items')
      .set({ comment: '=HYPERLINK("http://x","y")' })
      .where('id', '=', item)
      .execute();
    const r = await w.t.call(tok.olga, { method: 'GET', url: `/reviews/${c.id}/report.csv` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const lines = r.body.trim().split('\n');
    expect(lines[0]).toBe(
      'item,reviewer,person_id,person,group,department,changed,decision,end_date,comment,decided_by,decided_at,outcome',
    );
    expect(lines).toHaveLength(5);
    expect(r.body).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(r.body).toContain(',remove,');
    expect(r.body).toContain(',end-date,2026-12-31,');
    expect(r.body).toContain(',removed');
    const report = await w.ok<ReportView>(w.t.tokens.auditor, { method: 'GET', url: `/reviews/${c.id}/report` });
    expect(report.outcomes).toEqual({ kept: 2, removed: 1, endDated: 1, gone: 0, pending: 0 });
  });
});
