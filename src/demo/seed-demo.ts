import { Readable } from 'node:stream';
import type { App } from '../app.ts';
import { type Actor, systemActor } from '../platform/auth/actor.ts';
import type { MintableKind } from '../registry/identifiers.ts';
import { appendixA } from '../status/appendix-a.ts';
import { loadDemoAccess } from './demo-access.ts';
import { loadDemoAccessReviews } from './demo-access-reviews.ts';
import { createDemoAccounts } from './demo-accounts.ts';
import { loadDemoFeeds, peopleFromFeeds } from './demo-feeds.ts';
import { loadDemoGovernance } from './demo-governance.ts';
import { loadDemoGuestRequests } from './demo-guest-requests.ts';
import { loadDemoGuestTypes } from './demo-guest-types.ts';
import { loadDemoCalendar } from './demo-calendar.ts';
import { loadDemoOutboundFeeds } from './demo-outbound-feeds.ts';
import { loadDemoProvisioning } from './demo-provisioning.ts';
import { loadDemoTempAccounts } from './demo-temp-accounts.ts';
import { markDemo, readDemoState } from './demo-marker.ts';
import { DEMO_DOMAIN, demoOfficers, demoUnits } from './demo-institution.ts';
import { demoOrgCsv } from './demo-org-csv.ts';
import { type DemoPerson, demoPeople } from './demo-people.ts';
import { demoPeopleCsv } from './demo-people-csv.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Loads Northbridge University into an empty registry: the org tree (org importer), about
 * two thousand people with their affiliations (person importer), the dates of those
 * affiliations, ID numbers, usernames and email addresses (batch minting), officers, and
 * the demo's sign-in accounts, and the seed's Appendix A as the status types (then one full
 * status recompute). Every write goes through the services as the system actor
 * "demo", so all of it is audited and in the change log. Deterministic for a given day.
 */
export interface SeedOptions {
  /** Password of the demo accounts (the administrator's); without it they cannot sign in yet. */
  password?: string | null;
  /** Progress lines (default: the app's logger at debug). */
  log?: (line: string) => void;
}

/** True when no person and no org unit exists yet (the demo never loads over real data). */
async function registryIsEmpty(app: App): Promise<boolean> {
  const person = await app.db.selectFrom('people').select('id').limit(1).executeTakeFirst();
  const unit = await app.db.selectFrom('org_units').select('id').limit(1).executeTakeFirst();
  return !person && !unit;
}

async function configureMinting(app: App, actor: Actor): Promise<void> {
  const { settings, version } = await app.people.getMintingSettings(actor);
  if (version !== 0) return;
  await app.people.putMintingSettings(actor, 0, {
    ...settings,
    idNumber: { ...settings.idNumber, prefix: 'NB', digits: 7, start: 1_000 },
    email: { ...settings.email, domain: DEMO_DOMAIN },
  });
}

async function orgIds(app: App, actor: Actor): Promise<Map<string, number>> {
  const { items } = await app.orgs.listUnits(actor, { limit: 1000 });
  return new Map(items.map((u) => [u.code, u.id]));
}

/** Person ids of the demo people, found by the source keys the importer attached. */
async function personIds(app: App, people: DemoPerson[]): Promise<Map<string, number>> {
  const rows = await app.db
    .selectFrom('identifiers')
    .select(['scope', 'value', 'person_id'])
    .where('kind', '=', 'source-key')
    .execute();
  const bySourceKey = new Map(rows.map((r) => [`${r.scope}:${r.value}`, r.person_id]));
  const out = new Map<string, number>();
  for (const p of people) {
    const id = bySourceKey.get(`${p.source}:${p.sourceKey}`);
    if (id === undefined) throw new Error(`demo person ${p.key} (${p.source} ${p.sourceKey}) was not imported`);
    out.set(p.key, id);
  }
  return out;
}

/** The importer records affiliations without dates; each one gets its start (and end) here, once. */
async function dateAffiliations(app: App, actor: Actor, people: DemoPerson[], ids: Map<string, number>): Promise<void> {
  const rows = await app.db
    .selectFrom('affiliations')
    .select(['id', 'person_id', 'version', 'valid_from', 'valid_to'])
    .execute();
  const byPerson = new Map(rows.map((r) => [r.person_id, r]));
  for (const p of people) {
    const a = byPerson.get(ids.get(p.key)!);
    if (!a) throw new Error(`demo person ${p.key} has no affiliation`);
    if (a.valid_from === p.validFrom && a.valid_to === p.validTo) continue;
    await app.people.affiliations.update(actor, a.person_id, a.id, a.version, {
      validFrom: p.validFrom,
      validTo: p.validTo,
    });
  }
}

/** Who already holds an identifier of this kind, and its value. */
async function holders(app: App, kind: MintableKind): Promise<Map<number, string>> {
  const rows = await app.db.selectFrom('identifiers').select(['person_id', 'value']).where('kind', '=', kind).execute();
  return new Map(rows.map((r) => [r.person_id, r.value]));
}

/** Mints for those of these people who have none yet; returns every one's value. */
async function mint(app: App, actor: Actor, kind: MintableKind, personIds: number[]): Promise<Map<number, string>> {
  const had = await holders(app, kind);
  const result = await app.people.mintMany(actor, { kind, personIds: personIds.filter((id) => !had.has(id)) });
  if (result.skipped.length)
    throw new Error(`minting ${kind} skipped ${result.skipped.length} demo people, e.g. ${result.skipped[0].reason}`);
  for (const m of result.minted) had.set(m.personId, m.value);
  return had;
}

async function appointOfficers(
  app: App,
  actor: Actor,
  orgs: Map<string, number>,
  ids: Map<string, number>,
): Promise<void> {
  for (const o of demoOfficers) {
    const personId = ids.get(o.person);
    if (personId === undefined) throw new Error(`demo officer ${o.person} of ${o.unit} is not a demo person`);
    const { direct } = await app.orgs.listOfficers(actor, orgs.get(o.unit)!);
    if (direct.some((d) => d.personId === personId && d.function === o.function && d.roleName === o.roleName)) continue;
    await app.orgs.addOfficer(actor, orgs.get(o.unit)!, { personId, function: o.function, roleName: o.roleName });
  }
}

/**
 * Loads the demo institution into an empty registry, or finishes a load that a crash cut
 * short (every step skips what is already there). Returns whether anything was loaded.
 */
// Long by design: the demo is a script: one step a statement, in the order the institution is built
// eslint-disable-next-line max-statements -- long by design, as said above
export async function seedDemo(app: App, options: SeedOptions = {}): Promise<boolean> {
  const state = await readDemoState(app);
  if (state === 'loaded' || (state === 'none' && !(await registryIsEmpty(app)))) return false;
  const log = options.log ?? ((line: string) => app.log.debug(line));
  const started = performance.now();
  const step = (what: string) => log(`demo: ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const actor = systemActor('demo');
  const today = isoDate(app.clock.now());
  const units = demoUnits(today);
  const people = demoPeople(today);

  if (state === 'none') await markDemo(app, actor, 'loading');
  else log('demo: resuming a load that did not finish');
  await configureMinting(app, actor);
  const orgReport = await app.orgs.importOrgs(actor, demoOrgCsv(units));
  if (orgReport.failed)
    throw new Error(`the demo org tree did not import: ${JSON.stringify(orgReport.errors.slice(0, 3))}`);
  const orgs = await orgIds(app, actor);
  step(`${orgs.size} org units`);

  const imported = await app.people.importPeople(actor, Readable.from([demoPeopleCsv(people)]));
  if (imported.failed)
    throw new Error(`${imported.failed} demo people did not import: ${JSON.stringify(imported.errors.slice(0, 3))}`);
  const ids = await personIds(app, people);
  step(`${ids.size} people imported`);
  await dateAffiliations(app, actor, people, ids);
  step('affiliations dated');

  await mint(
    app,
    actor,
    'id-number',
    people.map((p) => ids.get(p.key)!),
  );
  await mint(
    app,
    actor,
    'username',
    people.filter((p) => p.mint.username).map((p) => ids.get(p.key)!),
  );
  const emails = await mint(
    app,
    actor,
    'email',
    people.filter((p) => p.mint.email).map((p) => ids.get(p.key)!),
  );
  step('identifiers minted');

  await appointOfficers(app, actor, orgs, ids);
  await createDemoAccounts(app, actor, options.password ?? null, {
    orgId: (code) => orgs.get(code)!,
    personId: (key) => ids.get(key)!,
    email: (key) => emails.get(ids.get(key)!) ?? null,
  });
  step('officers and accounts');

  // Status types last and then one recompute in batches: cheaper than refreshing each
  // person at every step above, and the same rows.
  await app.status.types.createTypes(actor, appendixA, { skipExisting: true });
  const statuses = await app.status.recomputeAll(actor, { batchSize: 2000 });
  step(`${appendixA.length} status types (Appendix A); ${statuses.opened} statuses`);
  const fed = await loadDemoFeeds(app, actor, today);
  step(`${fed} records from the HR, student-records and housing feeds`);
  // The card office and the library key on ID numbers and usernames: the fed people get theirs.
  const fedPeople = await peopleFromFeeds(app);
  await mint(app, actor, 'id-number', fedPeople);
  await mint(app, actor, 'username', fedPeople);
  step(`ID numbers and usernames for ${fedPeople.length} people the feeds created`);
  const outbound = await loadDemoOutboundFeeds(app, actor);
  step(`outbound feeds (library patrons, all faculty, directory) with ${outbound} rows`);
  await loadDemoProvisioning(app, actor);
  step('an example LDAP target (campus-directory), paused until it is given an address');
  step(`the university calendar with ${await loadDemoCalendar(app, actor, today)} terms and their holidays`);
  const guestTypes = await loadDemoGuestTypes(app, actor);
  step(`${guestTypes} guest types (Figure 4)`);
  const tempAccounts = await loadDemoTempAccounts(app, actor, (code) => orgs.get(code)!);
  step(`${tempAccounts} temporary accounts (COMP and PHYS pools, the global pool)`);
  const lookup = {
    orgId: (code: string) => orgs.get(code)!,
    personId: (key: string) => ids.get(key)!,
    email: (key: string) => emails.get(ids.get(key)!) ?? null,
  };
  const requests = await loadDemoGuestRequests(app, actor, options.password ?? null, lookup);
  step(`${requests} guest requests waiting for approval`);
  step(`an access review of ${await loadDemoAccessReviews(app, actor, options.password ?? null, lookup)} memberships`);
  step(
    `${await loadDemoGovernance(app, actor, lookup)} governed folder: a request waits for fse-approver, one in grace`,
  );
  step(`${await loadDemoAccess(app, actor, lookup)} groups with payroll, dorm doors, pharmacy and streams`);
  await markDemo(app, actor, 'loaded');
  return true;
}
