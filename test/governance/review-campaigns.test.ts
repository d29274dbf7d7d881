import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignView, ItemsPageView, ItemView } from '../../src/governance/review-schemas.ts';
import { insertPolicy } from './policy-row.ts';
import { makeReviewWorld, type ReviewWorld } from './review-world.ts';

/**
 * Starting an access review over an application with two access levels, split by department with a delegate
 * reviewer each (inherited down the tree), and the reviewer's worklist: now against at grant with the changes
 * marked, who added and approved, the path a nested membership comes through; filters, paging; outsiders refused.
 */
describe('access reviews: campaigns and the worklist', () => {
  let w: ReviewWorld;
  const people = {} as Record<
    'ann' | 'bob' | 'cid' | 'dan' | 'eve' | 'olga' | 'rita' | 'carl' | 'hugo' | 'zed',
    number
  >;
  const tokens = {} as Record<'olga' | 'rita' | 'carl' | 'zed', string>;
  let campaign: CampaignView;
  const deadline = '2026-10-01T17:00:00.000Z';

  beforeAll(async () => {
    w = await makeReviewWorld();
    const { org } = w;
    for (const [name, orgId, title] of [
      ['ann', org.phy, 'Lab Manager'],
      ['bob', org.phy, 'Technician'],
      ['cid', org.hist, 'Archivist'],
      ['dan', org.phy, 'Student Assistant'],
      ['eve', org.chem, 'Chemist'],
      ['olga', org.uni, 'Finance Director'],
      ['rita', org.phy, 'Head of Physics'],
      ['carl', org.chem, 'Head of Chemistry'],
      ['hugo', org.art, 'Dean of Arts'],
      ['zed', org.hist, 'Historian'],
    ] as const)
      people[name] = (await w.person(name, orgId, title)).id;
    for (const name of ['olga', 'rita', 'carl', 'zed'] as const) tokens[name] = await w.account(name, people[name]);
    // Olga owns the policy on the clerk role: she is the application's owner.
    const clerk = await w.t
      .db()
      .selectFrom('access_roles')
      .select('id')
      .where('application_id', '=', w.appId)
      .where('name', '=', 'clerk')
      .executeTakeFirstOrThrow();
    await insertPolicy(w.t, { name: `payroll-clerk-role-${w.appId}`, role_id: clerk.id, owner_person_id: people.olga });
    await w.grant(w.groups.clerks, people.ann, { ticket: 'HR-101', reason: 'runs the lab budget' });
    await w.grant(w.groups.clerks, people.bob, { reason: 'covers for Ann' });
    await w.grant(w.groups.approvers, people.cid, { facts: false, reason: 'approves archive purchases' });
    await w.grant(w.groups.temps, people.dan, { reason: 'summer help' });
    // A month later Ann is promoted, Bob moves to Chemistry.
    w.t.clock.set('2026-09-15T09:00:00Z');
    const admin = w.t.tokens.admin;
    const annAff = await w.t
      .db()
      .selectFrom('affiliations')
      .select('id')
      .where('person_id', '=', people.ann)
      .executeTakeFirstOrThrow();
    await w.ok(admin, {
      method: 'PATCH',
      url: `/people/${people.ann}/affiliations/${annAff.id}`,
      headers: { 'if-match': '"1"' },
      payload: { title: 'Head of Lab' },
    });
    const bobAff = await w.t
      .db()
      .selectFrom('affiliations')
      .select('id')
      .where('person_id', '=', people.bob)
      .executeTakeFirstOrThrow();
    await w.ok(admin, {
      method: 'PATCH',
      url: `/people/${people.bob}/affiliations/${bobAff.id}`,
      headers: { 'if-match': '"1"' },
      payload: { validTo: '2026-09-14' },
    });
    await w.ok(
      admin,
      {
        method: 'POST',
        url: `/people/${people.bob}/affiliations`,
        payload: { orgId: w.org.chem, kind: 'employee', title: 'Technician' },
      },
      201,
    );
  });
  afterAll(() => w.t.close());

  const start = (token: string, body: Record<string, unknown>) =>
    w.t.call(token, { method: 'POST', url: '/reviews', payload: { deadline, ...body } });

  it('refuses a campaign over an empty group, a deadline in the past, a reviewer who does not exist, nothing made', async () => {
    const admin = w.t.tokens.admin;
    const before = await w.t.db().selectFrom('review_campaigns').select('id').execute();
    const empty = await start(admin, {
      name: 'empty',
      scope: { kind: 'group', id: w.groups.empty },
      ownerPersonId: people.olga,
    });
    expect(empty.statusCode).toBe(409);
    expect(empty.json().errors[0]).toMatchObject({ field: '/scope', rule: 'not-empty' });
    const past = await start(admin, {
      name: 'past',
      scope: { kind: 'group', id: w.groups.clerks },
      ownerPersonId: people.olga,
      deadline: '2026-09-01T00:00:00Z',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0]).toMatchObject({ field: '/deadline', rule: 'future' });
    const ghost = await start(admin, {
      name: 'ghost',
      scope: { kind: 'group', id: w.groups.clerks },
      ownerPersonId: people.olga,
      splitBy: 'department',
      reviewers: [{ orgId: w.org.phy, personId: 987654 }],
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().errors[0]).toMatchObject({ field: '/reviewers/0/personId', rule: 'exists' });
    const noOwner = await start(admin, { name: 'no-owner', scope: { kind: 'group', id: w.groups.clerks } });
    expect(noOwner.json().errors[0]).toMatchObject({ field: '/ownerPersonId', rule: 'required' });
    const unknown = await start(admin, { name: 'unknown', scope: { kind: 'application', name: 'no-such-app' } });
    expect(unknown.json().errors[0]).toMatchObject({ field: '/scope/name', rule: 'exists' });
    expect(await w.t.db().selectFrom('review_campaigns').select('id').execute()).toEqual(before);
  });

  it('lets the application owner start one over its access levels, and refuses an outsider', async () => {
    const body = {
      name: 'payroll-q3',
      label: 'Payroll access, Q3',
      scope: { kind: 'application', id: w.appId },
      splitBy: 'department',
      reviewers: [
        { orgId: w.org.phy, personId: people.rita },
        { orgId: w.org.chem, personId: people.carl },
        { orgId: w.org.art, personId: people.hugo },
      ],
    };
    expect((await start(tokens.zed, body)).statusCode).toBe(403);
    const r = await start(tokens.olga, body);
    expect(r.statusCode, r.body).toBe(201);
    campaign = r.json();
    expect(campaign).toMatchObject({
      state: 'open',
      owner: { personId: people.olga },
      scope: { kind: 'application', id: w.appId },
      counts: { total: 4, decided: 0, undecided: 4 },
      abilities: { decide: true, decideAll: true, close: true, report: true },
    });
    expect(campaign.scope.groups.map((g) => g.id).sort()).toEqual(
      [w.groups.clerks, w.groups.approvers, w.groups.temps].sort(),
    );
    // Each reviewer with items was told, through the outbox.
    const mail = await w.t
      .db()
      .selectFrom('outbox')
      .select(['recipient', 'subject'])
      .where('event', '=', 'review-assigned')
      .execute();
    expect(mail.map((m) => m.recipient.split('@')[0].replace(/\d+x\d+$/, '')).sort()).toEqual(['carl', 'hugo', 'rita']);
    expect(mail.find((m) => m.recipient.startsWith('rita'))!.subject).toContain('2 memberships');
  });

  it('shows each membership now and at grant with the changes marked, the access level, the path and who added it', async () => {
    const page = await w.ok<ItemsPageView>(w.t.tokens.admin, {
      method: 'GET',
      url: `/reviews/${campaign.id}/items?reviewer=all&sort=person`,
    });
    expect(page.total).toBe(4);
    const by = (id: number) => page.items.find((i) => i.person.personId === id)!;
    const ann = by(people.ann);
    expect(ann).toMatchObject({
      access: ['clerk'],
      then: { title: 'Lab Manager', statuses: ['Employee'] },
      now: { title: 'Head of Lab', statuses: ['Employee'] },
      changed: ['title'],
      status: 'now',
      addedBy: 'root',
      approvedBy: 'approver-anna',
      ticket: 'HR-101',
      reason: 'runs the lab budget',
      reviewer: { personId: people.rita },
      endsAt: null,
      decision: null,
    });
    expect(ann.approvedAt).toBe('2026-09-01T09:00:00.000Z');
    const bob = by(people.bob);
    expect(bob.changed).toEqual(['department']);
    expect(bob.then!.department).not.toBe(bob.now.department);
    expect(bob.reviewer!.personId).toBe(people.carl); // his department now is Chemistry
    const cid = by(people.cid);
    expect(cid).toMatchObject({ access: ['approver'], then: null, changed: [], reviewer: { personId: people.hugo } });
    const dan = by(people.dan);
    expect(dan.access).toEqual(['clerk']);
    expect(dan.via.map((g) => g.id)).toEqual([w.groups.temps, w.groups.clerks]);
    expect(dan.reason).toContain('through');
    expect(dan.reviewer!.personId).toBe(people.rita);
  });

  it("gives each reviewer their own worklist, with filters, sorting and paging, and refuses others' or outsiders'", async () => {
    const mine = await w.ok<ItemsPageView>(tokens.rita, { method: 'GET', url: `/reviews/${campaign.id}/items` });
    expect(mine.items.map((i) => i.person.personId).sort()).toEqual([people.ann, people.dan].sort());
    const changed = await w.ok<ItemsPageView>(tokens.rita, {
      method: 'GET',
      url: `/reviews/${campaign.id}/items?changed=true`,
    });
    expect(changed.items.map((i: ItemView) => i.person.personId)).toEqual([people.ann]);
    const temps = await w.ok<ItemsPageView>(tokens.rita, {
      method: 'GET',
      url: `/reviews/${campaign.id}/items?q=temps`,
    });
    expect(temps.items.map((i) => i.person.personId)).toEqual([people.dan]);
    const paged = await w.ok<ItemsPageView>(tokens.rita, {
      method: 'GET',
      url: `/reviews/${campaign.id}/items?limit=1&offset=1&sort=group&order=desc`,
    });
    expect(paged).toMatchObject({ total: 2, decided: 0, undecided: 2, limit: 1, offset: 1 });
    expect(paged.items.map((i) => i.group.id)).toEqual([w.groups.clerks]);
    const chem = await w.ok<ItemsPageView>(tokens.olga, {
      method: 'GET',
      url: `/reviews/${campaign.id}/items?reviewer=all&department=${encodeURIComponent(
        (await w.t.db().selectFrom('org_units').select('code').where('id', '=', w.org.chem).executeTakeFirstOrThrow())
          .code,
      )}`,
    });
    expect(chem.items.map((i) => i.person.personId)).toEqual([people.bob]);
    expect(
      (await w.t.call(tokens.rita, { method: 'GET', url: `/reviews/${campaign.id}/items?reviewer=all` })).statusCode,
    ).toBe(403);
    expect(
      (await w.t.call(tokens.rita, { method: 'GET', url: `/reviews/${campaign.id}/items?reviewer=${people.carl}` }))
        .statusCode,
    ).toBe(403);
    const outsider = await w.t.call(tokens.zed, { method: 'GET', url: `/reviews/${campaign.id}/items` });
    expect(outsider.statusCode).toBe(403);
    expect((await w.t.call(tokens.zed, { method: 'GET', url: `/reviews/${campaign.id}` })).statusCode).toBe(403);
    const unknownParam = await w.t.call(tokens.rita, {
      method: 'GET',
      url: `/reviews/${campaign.id}/items?colour=red`,
    });
    expect(unknownParam.statusCode).toBe(400);
    // Lists: a reviewer sees the campaign with their own counts; an outsider sees none.
    const list = await w.ok<Array<{ id: number; mine: { total: number } }>>(tokens.rita, {
      method: 'GET',
      url: '/reviews',
    });
    expect(list.find((c) => c.id === campaign.id)!.mine.total).toBe(2);
    expect(await w.ok(tokens.zed, { method: 'GET', url: '/reviews' })).toEqual([]);
  });

  it('splits by division (the faculty above the department) with the default reviewer for the rest', async () => {
    const r = await start(w.t.tokens.admin, {
      name: 'payroll-by-division',
      scope: { kind: 'application', id: w.appId },
      splitBy: 'division',
      ownerPersonId: people.olga,
      reviewers: [
        { orgId: w.org.sci, personId: people.carl },
        { orgId: null, personId: people.rita },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const page = await w.ok<ItemsPageView>(w.t.tokens.admin, {
      method: 'GET',
      url: `/reviews/${r.json().id}/items?reviewer=all`,
    });
    const reviewerOf = Object.fromEntries(
      page.items.map((i) => [i.person.personId, [i.reviewer!.personId, i.org?.id]]),
    );
    expect(reviewerOf[people.ann]).toEqual([people.carl, w.org.sci]);
    expect(reviewerOf[people.bob]).toEqual([people.carl, w.org.sci]);
    expect(reviewerOf[people.cid]).toEqual([people.rita, w.org.art]);
  });

  it('reviews a folder’s groups, and a group, each member once', async () => {
    const folder = await w.t
      .db()
      .selectFrom('groups')
      .select('folder_id')
      .where('id', '=', w.groups.clerks)
      .executeTakeFirstOrThrow();
    const r = await start(w.t.tokens.admin, {
      name: 'apps-folder',
      scope: { kind: 'folder', id: folder.folder_id },
      ownerPersonId: people.olga,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().counts.total).toBe(4);
    const g = await start(w.t.tokens.admin, {
      name: 'temps-only',
      scope: { kind: 'group', id: w.groups.temps },
      ownerPersonId: people.olga,
    });
    expect(g.json().counts.total).toBe(1);
    const dup = await start(w.t.tokens.admin, {
      name: 'temps-only',
      scope: { kind: 'group', id: w.groups.temps },
      ownerPersonId: people.olga,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0]).toMatchObject({ field: '/name', rule: 'unique' });
  });
});
