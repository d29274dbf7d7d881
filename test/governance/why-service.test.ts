import { beforeAll, describe, expect, it } from 'vitest';
import { endWithNotice } from '../../src/governance/grace.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { useCliWorld } from '../cli/cli-world.ts';
import { graceWorld, system } from './grace-fixture.ts';

/**
 * "Why does this membership end on 16 September?" over HTTP and in the CLI: the fact that
 * changed, when, from what to what, the grace rule, the notices and their mail, the facts at
 * grant against today's; a membership without governance says so plainly; and an end given
 * through `endWithNotice` (what access reviews call) is explained by its reason.
 */
const world = useCliWorld({ start: '2026-09-01T09:00:00Z' });
const { steward } = world;
let s: Awaited<ReturnType<typeof setUp>>;
beforeAll(async () => {
  s = await setUp();
});

async function setUp() {
  const t = world.t;
  const w = graceWorld(t);
  const uni = await w.org('UNI');
  const pay = await w.org('PAY', uni);
  const manager = (await w.person({ family: 'Manager' })).id;
  const owner = (await w.person({ family: 'Owner' })).id;
  await w.manager(pay, manager);
  const group = await w.group('payroll-admin');
  const policy = await w.policy(group, { level: 'high', ownerPersonId: owner });
  return { t, w, pay, manager, owner, group, policy };
}

describe('why does this membership end?', () => {
  it('answers with the change, the rule, the notices and the facts at grant against today’s', async () => {
    const { t, w, pay, manager, owner, group, policy } = s;
    const alice = await w.person({ family: 'Alice', orgId: pay, title: 'Clerk' });
    const m = await w.govern(group, policy, alice.id);
    const plainGroup = await w.group('plain');
    const plainMember = await t.app.groups.members.add(system, plainGroup, {
      personId: (await w.person({ family: 'Plain' })).id,
    });
    const plain = { group: plainGroup, id: plainMember.id };

    const before = await t.call(t.tokens.auditor, { method: 'GET', url: `/groups/${group}/members/${m}/why` });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ governed: true, endsAt: null, grace: null });
    expect(before.json().summary).toMatch(
      /^Governed by policy-\d+: the member is as eligible as at grant\. It has no end date\.$/,
    );

    w.days(1);
    await w.changeAffiliation(alice.id, alice.affiliationId!, { title: 'Senior Clerk' });
    await w.reconcile();
    const r = await t.call(t.tokens.auditor, { method: 'GET', url: `/groups/${group}/members/${m}/why` });
    expect(r.statusCode, r.body).toBe(200);
    const why = r.json();
    expect(why).toMatchObject({
      membershipId: m,
      groupId: group,
      personId: alice.id,
      governed: true,
      endsAt: '2026-09-16T09:00:00.000Z',
      policy: { name: `policy-${group}`, level: 'high', grace: { job: 14, department: 5, leaving: 0, requirement: 5 } },
      grace: {
        kind: 'job',
        fact: 'title',
        from: 'Clerk',
        to: 'Senior Clerk',
        seenAt: '2026-09-02T09:00:00.000Z',
        endsAt: '2026-09-16T09:00:00.000Z',
        rule: { level: 'high', kind: 'job', days: 14 },
        notified: true,
        notifiedAt: '2026-09-02T09:00:00.000Z',
      },
      hold: null,
      facts: {
        atGrant: { department: 'PAY', title: 'Clerk' },
        today: { department: 'PAY', title: 'Senior Clerk' },
        differences: [{ fact: 'title', atGrant: 'Clerk', today: 'Senior Clerk' }],
        recordedBy: 'test',
        approvedBy: 'approver',
      },
    });
    expect(why.grace.notices.map((n: { personId: number; mailState: string }) => [n.personId, n.mailState])).toEqual([
      [alice.id, 'queued'],
      [manager, 'queued'],
      [owner, 'queued'],
    ]);
    expect(why.summary).toContain(
      'It ends on 16 September 2026 (2026-09-16 09:00 UTC) because the job title changed from Clerk to Senior Clerk (seen 2026-09-02 09:00 UTC), and high-security policies allow 14 days after a job change in the same department.',
    );
    expect(why.summary).toContain('Notice went to ');
    expect(why.history.map((h: { event: string }) => h.event)).toEqual(['member-added', 'grace-started']);

    const notGoverned = (
      await t.call(t.tokens.admin, { method: 'GET', url: `/groups/${plain.group}/members/${plain.id}/why` })
    ).json();
    expect(notGoverned).toMatchObject({ governed: false, grace: null, facts: null, policy: null });
    expect(notGoverned.summary).toContain('is not governed');

    // the same in the CLI
    const cli = await steward('governance', 'why', String(group), String(m));
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('ends        2026-09-16 09:00 UTC');
    expect(cli.stdout).toContain('change      title: Clerk → Senior Clerk (job)');
    expect(cli.stdout).toContain('rule        high: 14 days after a job change');
    expect(cli.stdout).toMatch(/title\s+Clerk\s+Senior Clerk/);
    const cliPlain = await steward('governance', 'why', String(plain.group), String(plain.id));
    expect(cliPlain.stdout).toContain('governed    no');
    const run = await steward('governance', 'reconcile', '--incremental');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^incremental pass: 0 changed, 0 grace started/);
    const holds = await steward('governance', 'holds', '--state', 'all');
    expect(holds.stdout).toBe('(none)\n');

    // a reader of the group may ask; someone else may not; a membership of another group is not found
    const stranger = await t.tokenFor('stranger', []);
    expect((await t.call(stranger, { method: 'GET', url: `/groups/${group}/members/${m}/why` })).statusCode).toBe(403);
    const other = await w.group('other');
    expect((await t.call(t.tokens.admin, { method: 'GET', url: `/groups/${other}/members/${m}/why` })).statusCode).toBe(
      404,
    );
  });

  it('explains an end given through endWithNotice (an access review’s removal) and tells the parties', async () => {
    const { t, w, pay, manager, owner, group, policy } = s;
    const bo = await w.person({ family: 'Bo', orgId: pay, title: 'Clerk' });
    const m = await w.govern(group, policy, bo.id);
    const ends = new Date('2026-09-15T00:00:00Z');
    const result = await write({ db: t.db(), clock: t.clock }, system, (uow) =>
      endWithNotice(uow, m, ends, {
        reason: 'Access review Payroll 2026: removed by Cid ("left the team")',
        source: 'review',
      }),
    );
    expect(result).toMatchObject({ membershipId: m, endsAt: ends.toISOString(), previousEnd: null });
    expect(result.notices.map((n) => n.personId).sort()).toEqual([bo.id, manager, owner].sort());
    expect((await w.membership(m)).disabled_at).toEqual(ends);
    const mails = await w.mails(m);
    expect(mails.map((x) => x.event)).toEqual(['membership-end-set', 'membership-end-set', 'membership-end-set']);
    const why = (await t.call(t.tokens.admin, { method: 'GET', url: `/groups/${group}/members/${m}/why` })).json();
    expect(why.summary).toContain('It ends on 15 September 2026');
    expect(why.summary).toContain('left the team');
    expect(why.history.at(-1)).toMatchObject({ event: 'end-set' });
    // a later end never lengthens it
    const again = await write({ db: t.db(), clock: t.clock }, system, (uow) =>
      endWithNotice(uow, m, new Date('2027-01-01T00:00:00Z'), { reason: 'later', source: 'review' }),
    );
    expect(again.endsAt).toBe(ends.toISOString());
  });
});
