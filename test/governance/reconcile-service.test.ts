import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longDate } from '../../src/governance/grace-texts.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { graceWorld } from './grace-fixture.ts';

/**
 * The seed's stories of losing eligibility, with the clock moved: a job change in the same
 * department on a high-security group, a department change, leaving, the medium table, the
 * upstream hiccup that comes back the next night, a fact changed behind the change log's back
 * (only the full reconcile sees it), and re-running (nothing new, nothing sent twice).
 */
let t: TestApp;
let w: ReturnType<typeof graceWorld>;
let pay: number;
let hr: number;
let payManager: number;
let hrManager: number;
let owner: number;
let high: { group: number; policy: number };
let medium: { group: number; policy: number };

const isoDay = () => t.clock.now().toISOString().slice(0, 10);
const yesterday = () => new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
const inDays = (d: number) => new Date(t.clock.now().getTime() + d * 86_400_000).toISOString();

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  w = graceWorld(t);
  const uni = await w.org('UNI');
  pay = await w.org('PAY', uni);
  hr = await w.org('HR', uni);
  payManager = (await w.person({ family: 'Paymanager' })).id;
  hrManager = (await w.person({ family: 'Hrmanager' })).id;
  owner = (await w.person({ family: 'Owner' })).id;
  await w.manager(pay, payManager);
  await w.manager(hr, hrManager);
  const hg = await w.group('payroll-admin');
  high = { group: hg, policy: await w.policy(hg, { level: 'high', ownerPersonId: owner }) };
  const mg = await w.group('payroll-read');
  medium = { group: mg, policy: await w.policy(mg, { level: 'medium', ownerPersonId: owner }) };
  // the first incremental pass reads the log from the start: everyone as at grant, nothing to do
  expect((await w.reconcile()).candidates).toBe(0);
});
afterAll(() => t.close());

async function employee(family: string, title = 'Clerk') {
  return w.person({ family, orgId: pay, title });
}

async function moveTo(p: { id: number; affiliationId: number | null }, orgId: number, title = 'Clerk') {
  await w.changeAffiliation(p.id, p.affiliationId!, { validTo: yesterday() });
  return w.addAffiliation(p.id, { orgId, title, validFrom: isoDay() });
}

describe('a job change in the same department on a high-security group', () => {
  it('ends the membership 14 days later and tells the member, the manager and the owner, once', async () => {
    const alice = await employee('Alice');
    const m = await w.govern(high.group, high.policy, alice.id);
    w.days(1);
    await w.changeAffiliation(alice.id, alice.affiliationId!, { title: 'Senior Clerk' });
    const seen = t.clock.now();
    const run = await w.reconcile();
    expect(run).toMatchObject({ mode: 'incremental', candidates: 1, started: 1, ended: 0, notices: 3, held: 0 });
    expect((await w.membership(m)).disabled_at).toEqual(new Date(seen.getTime() + 14 * 86_400_000));
    const facts = await w.factsRow(m);
    expect(facts).toMatchObject({ grace_kind: 'job', grace_notified_at: seen });
    expect(facts.grace_why).toMatchObject({
      fact: 'title',
      from: 'Clerk',
      to: 'Senior Clerk',
      seenAt: seen.toISOString(),
      rule: { level: 'high', kind: 'job', days: 14 },
      previousEnd: null,
    });
    const mails = await w.mails(m);
    expect(mails.map((x) => x.person_id).sort()).toEqual([alice.id, payManager, owner].sort());
    expect(mails.every((x) => x.event === 'membership-grace')).toBe(true);
    expect(mails[0].subject).toMatch(/^Membership of Pat\d+ Alice in gov\d+:payroll-admin ends on 16 September 2026$/);
    expect(mails.find((x) => x.person_id === alice.id)!.text_body).toContain(
      'The job title changed from Clerk to Senior Clerk',
    );
    expect(mails.find((x) => x.person_id === payManager)!.text_body).toContain("You are told as the member's manager.");
    expect((await w.history(m)).map((h) => h.event)).toEqual(['member-added', 'grace-started']);
    const audit = (
      await t.call(t.tokens.auditor, { method: 'GET', url: '/audit?action=governance.grace.start&limit=10' })
    ).json();
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toContain('allow 14 days after a job change in the same department');

    // counts until then and not after (effective members follow the end date)
    const effective = async (at: string) =>
      (
        await t.call(t.tokens.admin, { method: 'GET', url: `/groups/${high.group}/members/effective?at=${at}` })
      ).json() as { personId: number }[];
    expect((await effective(inDays(13))).map((e) => e.personId)).toContain(alice.id);
    expect((await effective(inDays(15))).map((e) => e.personId)).not.toContain(alice.id);

    // idempotent: nothing new, nothing sent twice, by either pass
    expect(await w.reconcile()).toMatchObject({ candidates: 0, started: 0, notices: 0 });
    expect(await w.reconcile('full')).toMatchObject({ candidates: 0, started: 0, notices: 0 });
    expect(await w.mails(m)).toHaveLength(3);
  });
});

describe('managers and delegates', () => {
  it('tells the nearest manager up the tree, and the policy’s delegates for the department', async () => {
    const unit = await w.org('PAY-SUB', pay); // no officers of its own
    const delegate = (await w.person({ family: 'Delegate' })).id;
    await t
      .db()
      .insertInto('governance_delegates')
      .values({ policy_id: high.policy, org_id: pay, person_id: delegate, created_at: t.clock.now() })
      .execute();
    const ola = await w.person({ family: 'Ola', orgId: unit, title: 'Clerk' });
    const m = await w.govern(high.group, high.policy, ola.id);
    w.days(1);
    await w.changeAffiliation(ola.id, ola.affiliationId!, { title: 'Analyst' });
    expect(await w.reconcile()).toMatchObject({ started: 1 });
    expect((await w.mails(m)).map((x) => x.person_id).sort()).toEqual([ola.id, payManager, owner, delegate].sort());
    const toDelegate = (await w.mails(m)).find((x) => x.person_id === delegate)!;
    expect(toDelegate.text_body).toContain("You are told as a delegate for the member's department.");
    await t.db().deleteFrom('governance_delegates').where('person_id', '=', delegate).execute();
  });
});

describe('a department change and leaving', () => {
  it('gives 5 days after a department change and tells both managers', async () => {
    const bob = await employee('Bob');
    const m = await w.govern(high.group, high.policy, bob.id);
    w.days(1);
    await moveTo(bob, hr, 'Analyst');
    const seen = t.clock.now();
    expect(await w.reconcile()).toMatchObject({ started: 1, candidates: 1 });
    expect((await w.membership(m)).disabled_at).toEqual(new Date(seen.getTime() + 5 * 86_400_000));
    expect((await w.factsRow(m)).grace_why).toMatchObject({ kind: 'department', from: 'PAY', to: 'HR' });
    expect((await w.mails(m)).map((x) => x.person_id).sort()).toEqual([bob.id, payManager, hrManager, owner].sort());
  });

  it('ends the membership at once on leaving, telling the manager and owner but not the member', async () => {
    const carol = await employee('Carol');
    const m = await w.govern(high.group, high.policy, carol.id);
    w.days(1);
    await w.changeAffiliation(carol.id, carol.affiliationId!, { validTo: yesterday() });
    const run = await w.reconcile();
    expect(run).toMatchObject({ ended: 1, started: 0 });
    expect((await w.membership(m)).disabled_at).toEqual(t.clock.now());
    const mails = await w.mails(m);
    expect(mails.map((x) => x.person_id).sort()).toEqual([payManager, owner].sort());
    expect(mails[0]).toMatchObject({ event: 'membership-ended' });
    expect(mails[0].text_body).toContain('allow no grace after leaving employment');
    const events = await w.history(m);
    expect(events.at(-1)).toMatchObject({ event: 'grace-ended' });
    expect((events.at(-1)!.data as { reason: string }).reason).toContain('The department changed from PAY to (none)');
    // an ended membership is left alone afterwards, and says why it ended
    expect(await w.reconcile('full')).toMatchObject({ candidates: 0 });
    const why = (await t.call(t.tokens.admin, { method: 'GET', url: `/groups/${high.group}/members/${m}/why` })).json();
    expect(why.summary).toMatch(
      /^It ended on \d+ September 2026 \(.*\) because the department changed from PAY to \(none\)/,
    );
    expect(why.summary).toContain('high-security policies allow no grace after leaving employment.');
  });
});

describe('a medium-security group', () => {
  it('gives 30 days for a job or department change and none for leaving', async () => {
    const dan = await employee('Dan');
    const erin = await employee('Erin');
    const finn = await employee('Finn');
    const md = await w.govern(medium.group, medium.policy, dan.id);
    const me = await w.govern(medium.group, medium.policy, erin.id);
    const mf = await w.govern(medium.group, medium.policy, finn.id);
    w.days(1);
    await w.changeAffiliation(dan.id, dan.affiliationId!, { title: 'Lead Clerk' });
    await moveTo(erin, hr);
    await w.changeAffiliation(finn.id, finn.affiliationId!, { validTo: yesterday() });
    const now = t.clock.now().getTime();
    expect(await w.reconcile()).toMatchObject({ started: 2, ended: 1 });
    expect((await w.membership(md)).disabled_at).toEqual(new Date(now + 30 * 86_400_000));
    expect((await w.membership(me)).disabled_at).toEqual(new Date(now + 30 * 86_400_000));
    expect((await w.membership(mf)).disabled_at).toEqual(new Date(now));
  });
});

describe('the upstream hiccup', () => {
  it('sets the end date when the department goes one night and clears it when it comes back the next', async () => {
    const gus = await employee('Gus');
    const m = await w.govern(high.group, high.policy, gus.id, '2027-06-30T00:00:00.000Z');
    w.days(1);
    const stray = await moveTo(gus, hr); // the feed files Gus under another unit for a night
    expect(await w.reconcile()).toMatchObject({ started: 1 });
    const graceEnd = (await w.membership(m)).disabled_at!;
    expect(graceEnd.getTime()).toBe(t.clock.now().getTime() + 5 * 86_400_000);
    w.days(1);
    await w.changeAffiliation(gus.id, gus.affiliationId!, { validTo: null });
    await w.changeAffiliation(gus.id, stray, { validTo: isoDay() });
    expect(await w.reconcile()).toMatchObject({ cleared: 1, started: 0 });
    // back to its own end date, grace gone, and the history and the mail say so
    expect((await w.membership(m)).disabled_at).toEqual(new Date('2027-06-30T00:00:00.000Z'));
    expect(await w.factsRow(m)).toMatchObject({ grace_kind: null, grace_ends_at: null, grace_why: null });
    const events = await w.history(m);
    expect(events.map((e) => e.event)).toEqual(['member-added', 'grace-started', 'grace-cleared']);
    expect((events[2].data as { reason: string }).reason).toContain(
      `the facts match those at grant, so the end on ${longDate(graceEnd)} set for a department change is cleared; it ends on 30 June 2027 as before`,
    );
    const cleared = (await w.mails(m)).filter((x) => x.event === 'membership-grace-cleared');
    expect(cleared.map((x) => x.person_id).sort()).toEqual([gus.id, payManager, hrManager, owner].sort());
    expect(cleared[0].subject).toContain(`no longer ends on ${longDate(graceEnd)}`);
  });
});

describe('stateful, not triggered', () => {
  it('catches a fact changed behind the change log’s back only with the full reconcile', async () => {
    const hana = await employee('Hana');
    const m = await w.govern(high.group, high.policy, hana.id);
    expect((await w.reconcile()).candidates).toBe(0);
    w.days(1);
    await t.db().updateTable('affiliations').set({ title: 'Director' }).where('id', '=', hana.affiliationId!).execute();
    expect(await w.reconcile()).toMatchObject({ candidates: 0, started: 0 });
    expect((await w.membership(m)).disabled_at).toBeNull();
    expect(await w.reconcile('full')).toMatchObject({ mode: 'full', candidates: 1, started: 1 });
    expect((await w.factsRow(m)).grace_why).toMatchObject({ fact: 'title', from: 'Clerk', to: 'Director' });
  });

  it('follows a membership to the survivor of a merge', async () => {
    const loser = await employee('Mia');
    const m = await w.govern(high.group, high.policy, loser.id);
    const survivor = await w.person({ family: 'Mia' });
    const version = (await t.call(t.tokens.admin, { method: 'GET', url: `/people/${survivor.id}` })).json().version;
    const merged = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${survivor.id}/merge`,
      headers: { 'if-match': `"${version}"` },
      payload: { loserId: loser.id, reason: 'the same person' },
    });
    expect(merged.statusCode, merged.body).toBe(200);
    // the survivor holds the membership and the employment: nothing is lost
    expect(await w.reconcile()).toMatchObject({ candidates: 0 });
    expect(await w.reconcile('full')).toMatchObject({ candidates: 0 });
    expect((await w.membership(m)).disabled_at).toBeNull();
  });

  it('agrees between the incremental and the full pass', async () => {
    const people = await Promise.all(['Ivo', 'Jan', 'Kim', 'Lea'].map((f) => employee(f)));
    for (const p of people) await w.govern(medium.group, medium.policy, p.id);
    w.days(1);
    await w.changeAffiliation(people[0].id, people[0].affiliationId!, { title: 'Chief' });
    await moveTo(people[1], hr);
    await w.changeAffiliation(people[2].id, people[2].affiliationId!, { validTo: yesterday() });
    const incremental = await w.reconcile();
    expect(incremental).toMatchObject({ started: 2, ended: 1 });
    expect((await w.reconcile('full')).candidates).toBe(0);
    // and the other way round: what the full pass did, the incremental pass finds done
    w.days(1);
    await w.changeAffiliation(people[3].id, people[3].affiliationId!, { title: 'Chief' });
    expect(await w.reconcile('full')).toMatchObject({ started: 1 });
    expect((await w.reconcile()).candidates).toBe(0);
  });
});
