import { sql } from 'kysely';
import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import { type FieldProblem, invalid, StewardError } from '../platform/errors.ts';
import { addProblems, type CheckRules, type CheckSubject, problemsText } from './add-checks.ts';
import { type AddSubject, separationProblems } from './exclusion-store.ts';
import { currentFacts } from './facts-store.ts';
import type { Db, StoredPolicy } from './policy-store.ts';

/**
 * The checks before adding, with their facts loaded: the one place a direct add, a request at submit and each
 * approval run them (add-checks.ts decides, exclusion-store.ts works out separation of duties). A failure is a 409
 * listing every problem with its field and rule; nothing is written.
 */
export type SubjectRef = { personId: number } | { accountId: number } | { groupId: number };

export interface LoadedSubject {
  check: CheckSubject;
  /** The person, or an account's owner (null for a group). */
  personId: number | null;
  accountId: number | null;
  add: AddSubject;
}

async function identifierKinds(db: Db, personId: number): Promise<string[]> {
  const rows = await db.selectFrom('identifiers').select('kind').distinct().where('person_id', '=', personId).execute();
  return rows.map((r) => r.kind);
}

async function personFacts(
  db: Db,
  personId: number,
  policy: StoredPolicy | null,
  now: Date,
): Promise<EligibilityFacts | null> {
  const facts = await currentFacts(db, [personId], {
    now,
    supportingGroupIds: policy?.checks.supportingGroupIds ?? [],
    employmentKinds: policy?.checks.employmentKinds,
  });
  return facts.get(personId) ?? null;
}

async function personRow(db: Db, personId: number, field: string) {
  const { rows } = await sql<{ id: number; name: string; state: string; emails: number }>`
    select p.id, trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name) as name, p.state,
      jsonb_array_length(p.emails) as emails from people p where p.id = ${personId}`.execute(db);
  const p = rows[0];
  if (!p) throw invalid(field, 'exists', `person ${personId} does not exist`);
  if (p.state !== 'active') throw invalid(field, 'active', `person ${personId} was merged into another record`);
  return p;
}

/** The subject of an add with the facts the checks look at; a subject that does not exist is a 400 on `field`. */
export async function loadSubject(
  db: Db,
  ref: SubjectRef,
  policy: StoredPolicy | null,
  now: Date,
): Promise<LoadedSubject> {
  if ('personId' in ref) {
    const p = await personRow(db, ref.personId, '/personId');
    const label = `${p.name} (person ${p.id})`;
    return {
      check: {
        type: 'person',
        label,
        field: '/personId',
        identifierKinds: await identifierKinds(db, p.id),
        hasEmail: Number(p.emails) > 0,
        attributes: {},
        facts: await personFacts(db, p.id, policy, now),
      },
      personId: p.id,
      accountId: null,
      add: { personId: p.id, label },
    };
  }
  if ('accountId' in ref) {
    const a = await db.selectFrom('subject_accounts').selectAll().where('id', '=', ref.accountId).executeTakeFirst();
    if (!a) throw invalid('/accountId', 'exists', `account ${ref.accountId} does not exist`);
    const owner = await personRow(db, a.owner_person_id, '/accountId');
    const label = `${a.username} (${a.kind} account ${a.id}, owned by ${owner.name})`;
    return {
      check: {
        type: a.kind === 'admin' ? 'admin-account' : 'service-account',
        label,
        field: '/accountId',
        identifierKinds: await identifierKinds(db, owner.id),
        hasEmail: Number(owner.emails) > 0,
        attributes: a.attributes,
        facts: await personFacts(db, owner.id, policy, now),
        ended: a.ended_at !== null && a.ended_at.getTime() <= now.getTime(),
      },
      personId: owner.id,
      accountId: a.id,
      add: { accountId: a.id, label },
    };
  }
  const g = await db.selectFrom('groups').select(['id', 'name']).where('id', '=', ref.groupId).executeTakeFirst();
  if (!g) throw invalid('/groupId', 'exists', `group ${ref.groupId} does not exist`);
  const label = `${g.name} (group ${g.id})`;
  return {
    check: {
      type: 'group',
      label,
      field: '/groupId',
      identifierKinds: [],
      hasEmail: false,
      attributes: {},
      facts: null,
    },
    personId: null,
    accountId: null,
    add: { groupId: g.id, label },
  };
}

export interface AddCheck {
  groupId: number;
  policy: StoredPolicy | null;
  subject: LoadedSubject;
  endsAt: Date | null;
  endField: string;
  now: Date;
}

/** What a policy asks of an add (null: the group is not governed). */
export function checkRulesOf(policy: StoredPolicy | null): CheckRules | null {
  return policy ? { checks: policy.checks, expiryRequired: policy.expiryRequired, maxDays: policy.maxDays } : null;
}

/** Every problem of an add (the policy's checks, then separation of duties). */
export async function addCheckProblems(db: Db, a: AddCheck): Promise<FieldProblem[]> {
  const separation = await separationProblems(db, a.subject.add, a.groupId, a.subject.check.field, a.now);
  return addProblems({
    rules: checkRulesOf(a.policy),
    subject: a.subject.check,
    endsAt: a.endsAt,
    endField: a.endField,
    now: a.now,
    separation,
  });
}

/** 409 listing every failed check, when there is one. */
export function refuseIfAny(problems: FieldProblem[], what: string): void {
  if (problems.length === 0) return;
  throw new StewardError('conflict', `${what}: ${problemsText(problems)}`, { problems });
}

/** Runs the checks of an add and refuses (409) when any fails. */
export async function assertAddable(db: Db, a: AddCheck, what: string): Promise<void> {
  refuseIfAny(await addCheckProblems(db, a), what);
}
