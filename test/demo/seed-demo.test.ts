import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoGovernance } from '../../src/demo/demo-governance.ts';
import { demoPeople } from '../../src/demo/demo-people.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { addDays, isoDate } from '../../src/platform/dates.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { appendixA } from '../../src/status/appendix-a.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

const reader = systemActor('test');
const password = 'demo password for tests';

async function count(t: TestApp, table: 'people' | 'org_units' | 'audit_log' | 'affiliations'): Promise<number> {
  const row = await t
    .db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function unitId(t: TestApp, code: string): Promise<number> {
  const { items } = await t.app.orgs.listUnits(reader, { code });
  expect(items).toHaveLength(1);
  return items[0].id;
}

/** A demo person's id by the key the demo's story uses, found through the source keys the importer attached. */
async function demoPersonIds(t: TestApp): Promise<(key: string) => number> {
  const keys = await t
    .db()
    .selectFrom('identifiers')
    .select(['scope', 'value', 'person_id'])
    .where('kind', '=', 'source-key')
    .execute();
  const people = demoPeople(isoDate(t.clock.now()));
  return (key) => {
    const p = people.find((x) => x.key === key)!;
    return keys.find((k) => k.scope === p.source && k.value === p.sourceKey)!.person_id;
  };
}

/** What a finished demo load holds, to compare a resumed load with. */
async function tally(t: TestApp): Promise<Record<string, number>> {
  const ids = await t
    .db()
    .selectFrom('identifiers')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('kind')
    .execute();
  const sourceRecords = await t
    .db()
    .selectFrom('source_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    people: await count(t, 'people'),
    affiliations: await count(t, 'affiliations'),
    sourceRecords: Number(sourceRecords.n),
    ...Object.fromEntries(ids.map((r) => [r.kind, Number(r.n)])),
  };
}

let uninterrupted: Record<string, number> = {};

describe('the demo institution', () => {
  let t: TestApp;
  let loaded: boolean;
  beforeAll(async () => {
    t = await makeTestApp();
    loaded = await seedDemo(t.app, { password });
    uninterrupted = await tally(t);
  });
  afterAll(() => t?.close());

  it('loads Northbridge University into an empty registry', async () => {
    expect(loaded).toBe(true);
    expect(await count(t, 'people')).toBeGreaterThan(1800);
    expect(await count(t, 'org_units')).toBeGreaterThan(30);
    const root = await t.app.orgs.getUnit(reader, await unitId(t, 'NU'));
    expect(root.name).toBe('Northbridge University');
  });

  it("loads the seed's Appendix A as the status types", async () => {
    const types = await t.app.status.types.listTypes(reader);
    expect(types).toHaveLength(appendixA.length);
    expect(types[0]).toMatchObject({ name: 'Exempt employee', rank: 750, cardLabel: 'Employee' });
  });

  it('feeds HR, student records and housing through the reconciler, giving their people ranked statuses', async () => {
    const sources = await t.app.sources.listSources(reader);
    expect(sources.map((s) => s.name).sort()).toEqual(['housing', 'hr', 'sis']);
    for (const s of sources) {
      const [snapshot] = await t.app.snapshots.listSnapshots(reader, { source: s.name });
      expect(snapshot.state, s.name).toBe('applied');
      expect(s.affiliations, s.name).toBeGreaterThan(20);
    }
    const holder = await t
      .db()
      .selectFrom('source_records')
      .select('person_id')
      .where('source', '=', 'housing')
      .limit(1)
      .executeTakeFirstOrThrow();
    const statuses = await t.app.status.personStatuses(reader, holder.person_id);
    expect(statuses.held.map((h) => h.category)).toContain('student');
    expect(statuses.primary?.category).toBe('student');
    expect(statuses.held.some((h) => h.because.some((b) => b.source === 'housing'))).toBe(true);
    // People the feeds created carry an ID number and a username, as the card office and library expect.
    const kinds = await t
      .db()
      .selectFrom('identifiers')
      .select('kind')
      .where('person_id', '=', holder.person_id)
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['source-key', 'id-number', 'username']));
  });

  it('defines the outbound feeds (library patrons, all faculty, directory), each already holding people', async () => {
    const feeds = await t.app.feeds.list(reader);
    expect(feeds.map((f) => `${f.name} ${f.format}`)).toEqual([
      'all-faculty jsonl',
      'directory ldif',
      'library-patrons csv',
    ]);
    for (const f of feeds) expect(f.lastSeq, f.name).toBeGreaterThan(0);
    const out = await t.app.feeds.output(reader, 'directory');
    let ldif = '';
    for await (const chunk of out.body) ldif += chunk;
    expect(ldif.startsWith('version: 1\n\ndn: employeeNumber=')).toBe(true);
    expect(ldif).toContain(',ou=people,dc=northbridge,dc=example\nobjectClass: top\n');
  });

  it("loads the paper's Figure 4 as guest types, and lets employees sponsor", async () => {
    const types = await t.app.guests.config.listTypes(reader);
    expect(types).toHaveLength(17);
    expect(types.find((g) => g.name === 'Tech Park')).toMatchObject({
      lifecycle: 'tenant',
      orgSubtree: 'SCIPARK',
      directory: 'P',
      displayRank: 101,
    });
    expect(types.find((g) => g.name === 'Spouse')).toMatchObject({
      lifecycle: 'dependant',
      sponsorRequired: true,
      requesterRequired: false,
      directory: 'N',
    });
    expect(types.find((g) => g.name === 'Visiting Researcher')).toMatchObject({
      lifecycle: 'visitor',
      defaultDays: 120,
      maxDays: 365,
      directory: 'O',
      renewable: true,
    });
    expect((await t.app.guests.config.getSettings(reader)).sponsorStatusTypes).toContain('Faculty');
  });

  it('does nothing when called again, so restarts do not duplicate it', async () => {
    const before = await Promise.all([count(t, 'people'), count(t, 'org_units'), count(t, 'audit_log')]);
    expect(await seedDemo(t.app, { password })).toBe(false);
    expect(await Promise.all([count(t, 'people'), count(t, 'org_units'), count(t, 'audit_log')])).toEqual(before);
  });

  it('finds Jon Finke first when searching for "Jon Fink"', async () => {
    const hits = await t.app.people.search(reader, 'Jon Fink');
    expect(hits[0].person.displayName).toBe('Jon Finke');
    expect(hits[0].person.identifiers.map((i) => i.kind)).toEqual(
      expect.arrayContaining(['id-number', 'username', 'email', 'source-key']),
    );
    // HR knows him too, so he holds a status and can be asked why.
    const statuses = await t.app.status.personStatuses(reader, hits[0].person.id);
    expect(statuses.primary?.name).toBe('Exempt employee');
    expect(statuses.primary?.because.some((b) => b.source === 'hr')).toBe(true);
  });

  it('keeps names with accents and apostrophes, and finds them typed in plain ASCII', async () => {
    for (const [query, name] of [
      ['Zoe Odegard', 'Zoë Ødegård'],
      ['Jose Muller', 'José Müller'],
      ['Nguyen Van An', 'Văn An Nguyễn'],
      ['Siobhan OBrien', "Siobhán O'Brien"],
    ]) {
      const hits = await t.app.people.search(reader, query);
      expect(hits[0]?.person.displayName, query).toBe(name);
    }
  });

  it('shows a department the approvers it inherits from its faculty, and one department its own', async () => {
    const chemistry = await t.app.orgs.listOfficers(reader, await unitId(t, 'CHEM'));
    expect(chemistry.direct).toEqual([]);
    const approvers = chemistry.effective.filter((o) => o.function === 'approver');
    expect(approvers.length).toBeGreaterThan(0);
    for (const a of approvers) expect(a.inheritedFrom?.code).toBe('FSE');
    const computing = await t.app.orgs.listOfficers(reader, await unitId(t, 'COMP'));
    expect(computing.effective.filter((o) => o.function === 'approver').every((o) => o.inheritedFrom === null)).toBe(
      true,
    );
  });

  it('has one human recorded twice, which the duplicate check finds', async () => {
    const [kathy] = (await t.app.people.search(reader, "Kathy O'Neil")).filter((h) => h.person.givenName === 'Kathy');
    const found = await t.app.people.duplicates(reader, {
      givenName: 'Kathy',
      familyName: "O'Neil",
      birthDate: kathy.person.birthDate,
    });
    const names = found.map((d) => `${d.person.givenName} ${d.person.familyName}`);
    expect(names).toEqual(expect.arrayContaining(["Katherine O'Neil", "Kathy O'Neil"]));
    const katherine = found.find((d) => d.person.givenName === 'Katherine')!;
    expect(katherine.score).toBeGreaterThanOrEqual(0.6);
    expect(katherine.reasons).toContain('same birth date');
  });

  it("fills tenants' custom fields, with one tenant whose validity has ended", async () => {
    const quanta = await t.app.orgs.getUnit(reader, await unitId(t, 'T-QUANTA'));
    expect(quanta.custom).toMatchObject({ contact_email: 'priya@quantafold.example', max_cards: 25 });
    const ended = await t.app.orgs.getUnit(reader, await unitId(t, 'T-BRIGHT'));
    expect(ended.validTo! < '2026-09-01').toBe(true);
  });

  it("creates the demo accounts with the administrator's password", async () => {
    const signedIn = await t.app.accounts.login('sci-admin', password);
    expect(signedIn.user.roles).toEqual([{ role: 'orgadmin', orgId: await unitId(t, 'FSE') }]);
    expect(signedIn.user.email).toMatch(/@northbridge\.example$/);
  });

  it('opens an access review for the reviewer account, with a title changed since grant marked', async () => {
    const reviewer = await t.app.accounts.login('reviewer', password);
    const personId = reviewer.user.personId!;
    const [review] = await t.app.reviews.campaigns.list(reader, { state: 'open' });
    expect(review).toMatchObject({ name: 'grant-ledger-review', state: 'open' });
    const page = await t.app.reviews.campaigns.items(reader, review.id, { reviewer: String(personId) });
    expect(page.total).toBe(6);
    expect(page.items.filter((i) => i.changed.includes('title')).map((i) => i.now.title)).toEqual([
      'Head of Department',
    ]);
    expect(page.items.some((i) => i.via.length > 1 && i.reason?.includes('through'))).toBe(true);
    const due = await t.app.reviews.attestation.due(reader);
    expect(due.map((a) => a.groupName)).toContain('research-office:grant-ledger-temps');
  });

  it('governs the research labs: a request waits for fse-approver, and one member is in grace with a why', async () => {
    const users = await t.app.accounts.listUsers(reader);
    const approver = (await t.app.accounts.loadActor(users.find((u) => u.username === 'fse-approver')!.id))!;
    const inbox = await t.app.governance.inbox.inbox(approver);
    const waiting = inbox.filter((i) => i.kind === 'membership-request');
    expect(waiting).toHaveLength(1);
    expect(waiting[0].summary).toContain('northbridge:research:cleanroom-access');
    const group = await t.app.groups.groups.byName(reader, 'northbridge:research:cleanroom-access');
    const grace = await t.app.governanceGrace.memberGrace.list(reader, group.id);
    expect(grace.policy).toMatchObject({ name: 'research-labs', level: 'high' });
    const inGrace = grace.memberships.filter((m) => m.grace !== null);
    expect(inGrace).toHaveLength(1);
    expect(inGrace[0].grace).toMatchObject({ kind: 'job', fact: 'title' });
    const days = (Date.parse(inGrace[0].grace!.endsAt) - t.clock.now().getTime()) / 86_400_000;
    expect(days).toBe(14);
    const why = await t.app.governanceGrace.why.why(reader, group.id, inGrace[0].membershipId);
    expect(why.grace?.rule).toMatchObject({ level: 'high', kind: 'job', days: 14 });
    expect(why.facts?.differences.map((d) => d.fact)).toEqual(['title']);
    // a second load (a resumed one) adds nothing
    const personId = await demoPersonIds(t);
    const fse = await unitId(t, 'FSE');
    const before = await count(t, 'audit_log');
    await loadDemoGovernance(t.app, reader, { orgId: () => fse, personId, email: () => null });
    expect(await count(t, 'audit_log')).toBe(before);
  });

  it("fills the group and access pages: Grouper's scenarios answer the decision point by name", async () => {
    const personId = await demoPersonIds(t);
    const apps = await t.app.access.config.listApps(reader);
    expect(apps.map((a) => a.name)).toEqual(expect.arrayContaining(['dorm-doors', 'payroll', 'pharmacy']));
    const root = (await t.app.groups.folders.list(reader, null)).folders.find((f) => f.extension === 'northbridge')!;
    const folders = (await t.app.groups.folders.list(reader, root.id)).folders;
    const inFolder = async (extension: string) =>
      (await t.app.groups.folders.list(reader, folders.find((f) => f.extension === extension)!.id)).groups;
    expect((await inFolder('departments')).length).toBe(11);
    const residents = (await inFolder('apps')).find((g) => g.extension === 'residents')!;
    const [resident] = await t.app.groups.effective.listEffective(reader, residents.id);
    expect(resident).toBeDefined();
    expect((await t.app.streams.listStreams(reader)).map((s) => s.name)).toEqual(
      expect.arrayContaining(['library', 'card']),
    );
    await t.app.access.follower.catchUp();
    // A Wednesday: 02:00 in London (winter) is outside the residents' window, noon inside it.
    let day = isoDate(t.clock.now());
    while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 3) day = addDays(day, 1);
    const check = async (subject: number, application: string, action: string, resource: string, at: string) =>
      (
        await t.app.access.check(reader, {
          subject: { type: 'person', id: subject },
          application,
          action,
          resource,
          at,
        })
      ).decision;
    const night = `${day}T02:00:00.000Z`;
    const noon = `${day}T12:00:00.000Z`;
    expect(await check(personId('student:COMP:0'), 'dorm-doors', 'open', 'hall-2', night)).toBe('allow');
    expect(await check(resident.personId, 'dorm-doors', 'open', 'hall-2', noon)).toBe('allow');
    expect(await check(personId('student:COMP:9'), 'dorm-doors', 'open', 'hall-2', noon)).toBe('deny');
    expect(await check(personId('staff:HR:0'), 'payroll', 'approve', 'timesheets', noon)).toBe('allow');
    const saturday = `${addDays(day, 3)}T12:00:00.000Z`;
    expect(await check(personId('staff:HR:0'), 'payroll', 'approve', 'timesheets', saturday)).toBe('deny');
  });

  it('wrote everything through the services: the audit chain verifies', async () => {
    const report = await t.app.audit.verify(reader);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThan(5000);
    const [entry] = await t.app.audit.list(reader, { actor: 'demo', limit: 1 });
    expect(entry.actor).toBe('demo');
  });
});

describe('a demo load cut short', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('is finished by the next start, with nothing loaded twice', async () => {
    t = await makeTestApp();
    const crash = (line: string) => {
      if (line.includes('people imported')) throw new Error('killed while loading');
    };
    await expect(seedDemo(t.app, { password, log: crash })).rejects.toThrow('killed while loading');
    expect(await count(t, 'people')).toBeGreaterThan(1800);
    expect(await t.app.accounts.listUsers(reader).then((users) => users.map((u) => u.username))).not.toContain(
      'sci-admin',
    );

    expect(await seedDemo(t.app, { password })).toBe(true);
    expect(await tally(t)).toEqual(uninterrupted);
    const twice = await t
      .db()
      .selectFrom('identifiers')
      .select('person_id')
      .where('kind', '=', 'id-number')
      .groupBy('person_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(twice).toEqual([]);
    const undated = await t.db().selectFrom('affiliations').select('id').where('valid_from', 'is', null).execute();
    expect(undated).toEqual([]);
    const signedIn = await t.app.accounts.login('sci-admin', password);
    expect(signedIn.user.username).toBe('sci-admin');
    expect(await seedDemo(t.app, { password })).toBe(false);
  });
});
