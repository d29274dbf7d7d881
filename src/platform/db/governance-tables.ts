import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

/** Row types of the governance tables (migration 0022, src/governance), part of the DB in schema.ts. */

/** A jsonb column with a default: read as T, written as JSON text or left out. */
type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

export type SecurityLevel = 'high' | 'medium' | 'custom';
/** The kinds of change that start a grace period (the seed's table, plus a lost required fact). */
export type ChangeKind = 'job' | 'department' | 'leaving' | 'requirement';
export type GraceTable = Record<ChangeKind, number>;

/** Who may act: a person, the members of a group, holders of a group privilege, the policy's owner, delegates. */
export type Principal =
  | { kind: 'person'; personId: number }
  | { kind: 'group'; groupId: number }
  | { kind: 'privilege'; privilege: 'admin' | 'update' }
  | { kind: 'owner' }
  | { kind: 'delegates' }
  | { kind: 'manager' };

export interface GovernancePoliciesTable {
  id: Generated<number>;
  name: string;
  label: Generated<string>;
  group_id: number | null;
  folder_id: number | null;
  role_id: number | null;
  direct_adders: Json<Principal[]>;
  requesters: Json<Principal[]>;
  /** Approval stages in order; a request needs one approval from each stage. */
  stages: Json<{ approvers: Principal[] }[]>;
  checks: Json<Record<string, unknown>>;
  security_level: Generated<SecurityLevel>;
  grace: Json<GraceTable>;
  notify: Json<Record<string, unknown>>;
  expiry_required: Generated<boolean>;
  max_days: number | null;
  mass_loss_percent: Generated<number>;
  owner_person_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface GovernanceDelegatesTable {
  id: Generated<number>;
  policy_id: number;
  org_id: number;
  person_id: number;
  created_at: Timestamp;
}

/** Separation of duties: nobody may hold both groups (left < right), through any path. */
export interface GovernanceExclusionsTable {
  id: Generated<number>;
  left_group_id: number;
  right_group_id: number;
  reason: Generated<string>;
  created_by: string;
  created_at: Timestamp;
}

/** An administrative account (a person's second account for elevated work) or a service account, with its owner. */
export interface SubjectAccountsTable {
  id: Generated<number>;
  kind: 'admin' | 'service';
  username: string;
  owner_person_id: number;
  description: Generated<string>;
  attributes: Json<Record<string, unknown>>;
  created_at: Timestamp;
  ended_at: Timestamp | null;
  version: Generated<number>;
}

export interface AccountMembershipsTable {
  id: Generated<number>;
  group_id: number;
  account_id: number;
  reason: string | null;
  ticket: string | null;
  requested_by: string | null;
  approved_by: string | null;
  added_by: string;
  added_at: Timestamp;
  disabled_at: Timestamp | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export type MembershipRequestState = 'pending' | 'approved' | 'denied' | 'withdrawn';

export interface MembershipRequestsTable {
  id: Generated<number>;
  policy_id: number;
  group_id: number;
  person_id: number | null;
  account_id: number | null;
  reason: string;
  ticket: string | null;
  ends_on: string | null;
  requested_by: string;
  requested_by_person_id: number | null;
  state: Generated<MembershipRequestState>;
  stage: Generated<number>;
  checks: Json<unknown[]>;
  membership_id: number | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface MembershipRequestDecisionsTable {
  id: Generated<number>;
  request_id: number;
  stage: number;
  decider: string;
  decider_person_id: number | null;
  decision: 'approve' | 'deny';
  comment: Generated<string>;
  at: Timestamp;
}

/** The facts that made a member eligible, stored at grant (and each re-approval), and the grace state. */
export interface EligibilityFacts {
  /** The person's current status names (employment status), highest rank first. */
  statuses: string[];
  /** The org code of the primary employment affiliation (null when none). */
  department: string | null;
  title: string | null;
  /** The supporting groups (by id) the policy requires that the person is in. */
  supporting: number[];
}

export interface MembershipFactsTable {
  membership_id: number;
  policy_id: number;
  group_id: number;
  person_id: number;
  facts: Json<EligibilityFacts>;
  recorded_at: Timestamp;
  recorded_by: string;
  approved_at: Timestamp | null;
  approved_by: string | null;
  grace_kind: ChangeKind | null;
  grace_ends_at: Timestamp | null;
  /** Which fact changed, from what to what, when it was seen, and the grace rule applied. */
  grace_why: Json<Record<string, unknown>> | null;
  grace_notified_at: Timestamp | null;
  hold_id: number | null;
  checked_at: Timestamp | null;
  version: Generated<number>;
}

export interface GovernanceHoldsTable {
  id: Generated<number>;
  policy_id: number;
  group_id: number;
  affected: number;
  members: number;
  items: Json<unknown[]>;
  created_at: Timestamp;
  released_at: Timestamp | null;
  released_by: string | null;
  discarded_at: Timestamp | null;
  /** When a pass applied the released hold's items (migration 0023). */
  applied_at: Timestamp | null;
  version: Generated<number>;
}

export interface ReviewCampaignsTable {
  id: Generated<number>;
  name: string;
  label: Generated<string>;
  /** What is reviewed: an application's roles' groups, a group, or a folder. */
  scope: Json<{ kind: 'application' | 'group' | 'folder'; id: number; groupIds?: number[] }>;
  split_by: Generated<'none' | 'department' | 'division'>;
  deadline: Timestamp;
  remind_days: JsonWithDefault<number[]>;
  undecided: Generated<'keep' | 'remove' | 'escalate'>;
  every_months: number | null;
  state: Generated<'open' | 'closed'>;
  owner_person_id: number | null;
  created_by: string;
  created_at: Timestamp;
  closed_at: Timestamp | null;
  updated_at: Timestamp;
  version: Generated<number>;
  /** Migration 0024: the org kinds whose nearest unit is a member's division; the campaign this one follows. */
  division_kinds: JsonWithDefault<string[]>;
  previous_id: number | null;
  /** When the undecided items went to the owner (undecided = escalate), and when closing began. */
  escalated_at: Timestamp | null;
  closing_at: Timestamp | null;
}

export interface ReviewReviewersTable {
  campaign_id: number;
  org_id: number | null;
  person_id: number;
}

export interface ReviewItemsTable {
  id: Generated<number>;
  campaign_id: number;
  membership_id: number;
  group_id: number;
  person_id: number;
  org_id: number | null;
  reviewer_person_id: number | null;
  then_facts: Json<EligibilityFacts> | null;
  now_facts: Json<EligibilityFacts>;
  added_at: Timestamp | null;
  added_by: string | null;
  approved_at: Timestamp | null;
  approved_by: string | null;
  reason: string | null;
  ends_at: Timestamp | null;
  decision: 'keep' | 'remove' | 'end-date' | null;
  end_date: string | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  applied_at: Timestamp | null;
  version: Generated<number>;
  /** Migration 0024: the access levels (role names) it gives, the groups it comes through, facts changed since then. */
  access: JsonWithDefault<string[]>;
  via: JsonWithDefault<{ id: number; name: string }[]>;
  changed: JsonWithDefault<string[]>;
  ticket: string | null;
  escalated_from: number | null;
  outcome: ReviewOutcome | null;
}

/** What closing a campaign did with an item. */
export type ReviewOutcome = 'kept' | 'removed' | 'end-dated' | 'gone';
