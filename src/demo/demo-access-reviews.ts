import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';

/**
 * An access review to try: the research office's grant ledger (a governed group, so each member's facts are stored
 * at grant) with five Physics and Chemistry academics and, through a nested temps group, one more; one of them is
 * then promoted, so the worklist shows a title changed since grant. The review is open for three weeks; the
 * `reviewer` account (a Physics professor) decides the items, Ruth Okafor (`sci-admin`) owns it, sees the report
 * and closes it. The temps group is to be attested every 90 days and never was, so it is listed as due. Skipped when
 * the review exists; every step skips what a load cut short already made. Everything goes through the use cases.
 */
export interface DemoReviewLookup {
  personId(key: string): number;
  email(key: string): string | null;
}

const FOLDER = 'research-office';
const LEDGER = `${FOLDER}:grant-ledger`;
const TEMPS = `${FOLDER}:grant-ledger-temps`;
const CAMPAIGN = 'grant-ledger-review';
const REVIEWER = 'faculty:PHYS:0';
const MEMBERS: [key: string, reason: string, ticket: string | null][] = [
  ['faculty:PHYS:1', 'Principal investigator, ERC grant', 'RO-2041'],
  ['faculty:PHYS:2', 'Co-investigator', 'RO-2042'],
  ['faculty:PHYS:3', 'Budget holder for the teaching labs', null],
  ['faculty:CHEM:0', 'Joint Physics–Chemistry grant', 'RO-2107'],
  ['faculty:CHEM:1', 'Grant reporting', null],
];
/** Promoted after being granted: the worklist marks the title. */
const PROMOTED: [key: string, title: string] = ['faculty:PHYS:2', 'Head of Department'];
const TEMP_MEMBER = 'faculty:PHYS:4';
const DAY = 86_400_000;

async function folderId(app: App, actor: Actor): Promise<number> {
  const found = await app.db.selectFrom('group_folders').select('id').where('name', '=', FOLDER).executeTakeFirst();
  if (found) return Number(found.id);
  return (
    await app.groups.folders.create(actor, { parentId: null, extension: FOLDER, description: 'Research office (demo)' })
  ).id;
}

async function groupId(app: App, actor: Actor, folder: number, name: string, description: string): Promise<number> {
  const found = await app.db.selectFrom('groups').select('id').where('name', '=', name).executeTakeFirst();
  if (found) return Number(found.id);
  const extension = name.slice(name.lastIndexOf(':') + 1);
  return (await app.groups.groups.create(actor, { folderId: folder, extension, description })).id;
}

/** Adds a direct member (a person or a group) unless it is one already. */
async function member(
  app: App,
  actor: Actor,
  group: number,
  who: { personId: number } | { groupId: number },
  reason: string,
  ticket: string | null = null,
): Promise<void> {
  const column = 'personId' in who ? 'member_person_id' : 'member_group_id';
  const id = 'personId' in who ? who.personId : who.groupId;
  const found = await app.db
    .selectFrom('group_memberships')
    .select('id')
    .where('group_id', '=', group)
    .where(column, '=', id)
    .executeTakeFirst();
  if (!found) await app.groups.members.add(actor, group, { ...who, reason, ticket, approvedBy: 'Ruth Okafor' });
}

async function promote(app: App, actor: Actor, personId: number, title: string): Promise<void> {
  const a = await app.db
    .selectFrom('affiliations')
    .select(['id', 'version', 'title'])
    .where('person_id', '=', personId)
    .orderBy('id')
    .executeTakeFirst();
  if (a && a.title !== title) await app.people.affiliations.update(actor, personId, a.id, a.version, { title });
}

export async function loadDemoAccessReviews(
  app: App,
  actor: Actor,
  password: string | null,
  lookup: DemoReviewLookup,
): Promise<number> {
  const users = new Set((await app.accounts.listUsers(actor)).map((u) => u.username));
  if (!users.has('reviewer'))
    await app.accounts.createUser(actor, {
      username: 'reviewer',
      displayName: 'Physics reviewer (demo)',
      password,
      email: lookup.email(REVIEWER),
      personId: lookup.personId(REVIEWER),
      roles: [],
    });
  if (await app.db.selectFrom('review_campaigns').select('id').where('name', '=', CAMPAIGN).executeTakeFirst())
    return 0;
  const folder = await folderId(app, actor);
  const ledger = await groupId(app, actor, folder, LEDGER, 'Who may post to the research grant ledger (demo)');
  const temps = await groupId(app, actor, folder, TEMPS, 'Temporary ledger clerks (demo)');
  const owner = lookup.personId('sci-manager');
  const policies = await app.governance.policies.list(actor, { groupId: ledger });
  if (policies.length === 0)
    await app.governance.policies.create(actor, {
      name: 'grant-ledger',
      label: 'Grant ledger (demo)',
      groupId: ledger,
      securityLevel: 'medium',
      // people, and the temps group nested in it
      checks: { subjectTypes: ['person', 'group'] },
      ownerPersonId: owner,
    });
  for (const [key, reason, ticket] of MEMBERS)
    await member(app, actor, ledger, { personId: lookup.personId(key) }, reason, ticket);
  await member(app, actor, ledger, { groupId: temps }, 'Temporary clerks at year end');
  await member(app, actor, temps, { personId: lookup.personId(TEMP_MEMBER) }, 'Year-end reconciliation');
  await promote(app, actor, lookup.personId(PROMOTED[0]), PROMOTED[1]);
  const attest = await app.reviews.attestation.get(actor, temps);
  if (attest.everyDays === null) await app.reviews.attestation.set(actor, temps, attest.version, 90);
  const campaign = await app.reviews.campaigns.create(actor, {
    name: CAMPAIGN,
    label: 'Grant ledger access review (demo)',
    scope: { kind: 'group', name: LEDGER },
    splitBy: 'none',
    reviewers: [{ orgId: null, personId: lookup.personId(REVIEWER) }],
    deadline: new Date(app.clock.now().getTime() + 21 * DAY).toISOString(),
    remindDays: [7, 1],
    undecided: 'keep',
    everyMonths: 6,
    ownerPersonId: owner,
  });
  return campaign.counts.total;
}
