import type { App } from '../app.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { addDays, isoDate } from '../platform/dates.ts';
import type { DemoRequestLookup } from './demo-guest-requests.ts';

/**
 * Membership governance in the demo: the folder `northbridge:research` governed by the high-security policy
 * `research-labs` (grace 14 / 5 / 0 days; memberships at most a year; approved by the department's delegates, with
 * the Science & Engineering faculty's Operations Manager — the `fse-approver` login — named for FSE and so for
 * Physics below it), its group `cleanroom-access`, one request from the department waiting for `fse-approver`, and
 * one member whose job title changed after the grant, so the reconcile started a grace period and the group page's
 * "Why?" has something to say. Each step skips what exists, so a resumed load adds nothing twice; everything goes
 * through the use cases.
 */
const POLICY = 'research-labs';
const MEMBER_IN_GRACE = 'faculty:PHYS:1';
const REQUESTED = 'faculty:PHYS:2';
const DELEGATE = 'staff:FSE:1';

async function folder(app: App, actor: Actor, parentId: number | null, extension: string): Promise<number> {
  const listing = await app.groups.folders.list(actor, parentId);
  const found = listing.folders.find((f) => f.extension === extension);
  if (found) return found.id;
  return (await app.groups.folders.create(actor, { parentId, extension })).id;
}

async function group(app: App, actor: Actor, folderId: number, extension: string, description: string) {
  const listing = await app.groups.folders.list(actor, folderId);
  const found = listing.groups.find((g) => g.extension === extension);
  if (found) return found.id;
  return (await app.groups.groups.create(actor, { folderId, extension, description })).id;
}

async function policy(app: App, actor: Actor, folderId: number, ownerPersonId: number): Promise<number> {
  const existing = await app.governance.policies.list(actor, { folderId });
  const found = existing.find((p) => p.name === POLICY);
  if (found) return found.id;
  const created = await app.governance.policies.create(actor, {
    name: POLICY,
    label: 'Research laboratories: clean rooms and hazardous equipment (high security)',
    folderId,
    directAdders: [{ kind: 'privilege', privilege: 'admin' }],
    requesters: [],
    stages: [{ approvers: [{ kind: 'delegates' }] }],
    checks: { subjectTypes: ['person'], employmentKinds: ['staff', 'faculty'] },
    securityLevel: 'high',
    maxDays: 365,
    massLossPercent: 20,
    ownerPersonId,
  });
  return created.id;
}

/** The member whose title changes after the grant: added, the title changed, then one full reconcile. */
async function memberInGrace(app: App, actor: Actor, groupId: number, personId: number, today: string) {
  const members = await app.groups.members.listDirect(actor, groupId);
  const membership =
    members.find((m) => m.personId === personId) ??
    (await app.groups.members.add(actor, groupId, {
      personId,
      reason: 'Thin-film deposition project',
      ticket: 'LAB-1042',
      disabledAt: `${addDays(today, 300)}T00:00:00.000Z`,
    }));
  const facts = await app.db
    .selectFrom('membership_facts')
    .select(['grace_kind', 'facts'])
    .where('membership_id', '=', membership.id)
    .executeTakeFirst();
  if (!facts || facts.grace_kind !== null) return;
  const [affiliation] = await app.people.affiliations.list(actor, personId);
  const granted = (facts.facts as { title: string | null }).title;
  if (affiliation && affiliation.title === granted)
    await app.people.affiliations.update(actor, personId, affiliation.id, affiliation.version, {
      title: `Senior ${granted ?? 'Researcher'}`,
    });
  await app.governanceGrace.reconcile.full(actor);
}

export async function loadDemoGovernance(app: App, actor: Actor, lookup: DemoRequestLookup): Promise<number> {
  const today = isoDate(app.clock.now());
  const root = await folder(app, actor, null, 'northbridge');
  const research = await folder(app, actor, root, 'research');
  const cleanroom = await group(app, actor, research, 'cleanroom-access', 'Badge access to the Rutherford clean room');
  const policyId = await policy(app, actor, research, lookup.personId('sci-manager'));
  const delegates = await app.governance.policies.listDelegates(actor, policyId);
  const fse = lookup.orgId('FSE');
  if (!delegates.some((d) => d.orgId === fse))
    await app.governance.policies.addDelegate(actor, policyId, { orgId: fse, personId: lookup.personId(DELEGATE) });
  await memberInGrace(app, actor, cleanroom, lookup.personId(MEMBER_IN_GRACE), today);
  const waiting = await app.governance.requests.list(actor, { groupId: cleanroom, limit: 1 });
  if (waiting.length === 0)
    await app.governance.requests.submit(actor, {
      groupId: cleanroom,
      personId: lookup.personId(REQUESTED),
      reason: 'Joins the thin-film project in January',
      days: 180,
    });
  return 1;
}
