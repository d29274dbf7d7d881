import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';
import type {
  SourcesTable,
  SourceRecordsTable,
  SnapshotsTable,
  SnapshotRowsTable,
  SnapshotErrorsTable,
  MatchReviewsTable,
} from './source-tables.ts';
import type { FeedChangesTable, FeedPullsTable, FeedRowsTable, FeedsTable } from './feed-tables.ts';
import type { MailPreferencesTable, MailTemplatesTable, OutboxTable } from './mail-tables.ts';
import type {
  GuestHandoversTable,
  GuestLifecyclesTable,
  GuestsTable,
  GuestTransitionsTable,
  GuestTypesTable,
} from './guest-tables.ts';
import type {
  ProvisionObjectsTable,
  ProvisionPendingTable,
  ProvisionRunsTable,
  ProvisionTargetsTable,
  WebhookDeliveriesTable,
} from './provision-tables.ts';
import type { DecisionClientsTable, DecisionClientTokensTable } from './client-tables.ts';
import type { JobsTable, ScheduledJobsTable } from './job-tables.ts';
import type { RowVersionsTable } from './history-tables.ts';
import type { CalendarsTable } from './calendar-tables.ts';
import type { HeldChangesTable } from './held-change-tables.ts';
import type {
  AccountMembershipsTable,
  GovernanceDelegatesTable,
  GovernanceExclusionsTable,
  GovernanceHoldsTable,
  GovernancePoliciesTable,
  MembershipFactsTable,
  MembershipRequestDecisionsTable,
  MembershipRequestsTable,
  ReviewCampaignsTable,
  ReviewItemsTable,
  ReviewReviewersTable,
  SubjectAccountsTable,
} from './governance-tables.ts';
import type { TempAccountsTable, TempLoanRenewalsTable, TempLoansTable } from './loan-tables.ts';
import type { GuestRequestDecisionsTable, GuestRequestsTable } from './request-tables.ts';
import type {
  AccessApplicationsTable,
  AccessAssignmentsTable,
  AccessPermissionsTable,
  AccessResourcesTable,
  AccessRolesTable,
} from './access-tables.ts';
import type {
  GroupEffectiveMembersTable,
  GroupFoldersTable,
  GroupHistoryTable,
  GroupMembershipsTable,
  GroupPrivilegesTable,
  GroupsTable,
  ScimGroupExternalIdsTable,
} from './group-tables.ts';

/** Row types of every table, as Kysely sees them (column-types.ts says how each SQL type is read). */

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string | null;
  person_id: number | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** `scim`: reads people and groups through /scim/v2, within its org unit's subtree when it names one. */
export type RoleName = 'sysadmin' | 'orgadmin' | 'auditor' | 'office' | 'scim' | 'scim-writer';

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role: RoleName;
  org_id: number | null;
  /** The office an `office` role names (e.g. "library"); null for other roles. */
  office: string | null;
  created_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: Uint8Array;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: Uint8Array;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** The OpenID Connect provider a single sign-on session was opened by, and its ID token (for signing out there). */
  provider: string | null;
  id_token: string | null;
}

/** A sign-in under way at an OpenID Connect provider, found by the hash of the browser's flow cookie. */
export interface OidcFlowsTable {
  id_hash: Uint8Array;
  provider: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_id: number | null;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  reason: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  /** The per-row chain link of rows written before audit batches (migration 0032); null for rows in a batch. */
  prev_hash: Uint8Array | null;
  hash: Uint8Array;
}

/** One write transaction's audit rows, `first_seq..last_seq`, chained to the batch before (migration 0032). */
export interface AuditBatchesTable {
  first_seq: number;
  last_seq: number;
  prev_hash: Uint8Array;
  /** SHA-256 over the rows' own hashes concatenated in sequence order. */
  digest: Uint8Array;
  /** SHA-256(prev_hash ‖ digest). */
  hash: Uint8Array;
}

export interface ChangeLogTable {
  position: number;
  at: Timestamp;
  entity_type: string;
  entity_id: string;
  op: string;
  data: Json<unknown> | null;
}

export interface ChainHeadsTable {
  name: string;
  seq: number;
  hash: Uint8Array | null;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface EmailAddress {
  address: string;
  label?: string;
}

export interface PhoneNumber {
  number: string;
  label?: string;
}

export interface PeopleTable {
  id: Generated<number>;
  given_name: string;
  middle_name: string | null;
  family_name: string;
  preferred_name: string | null;
  birth_date: string | null;
  emails: Json<EmailAddress[]>;
  phones: Json<PhoneNumber[]>;
  search_name: string;
  state: Generated<'active' | 'merged'>;
  merged_into: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface IdentifiersTable {
  kind: string;
  scope: Generated<string>;
  value: string;
  person_id: number;
  created_at: Timestamp;
}

export interface ReservedIdentifiersTable {
  kind: string;
  value: string;
  person_id: number | null;
  reserved_at: Timestamp;
}

export interface MintCountersTable {
  name: string;
  next_value: number;
}

export interface OrgKindField {
  name: string;
  label?: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'email' | 'enum';
  required?: boolean;
  default?: unknown;
  options?: string[];
}

export interface OrgKindsTable {
  kind: string;
  label: string;
  fields: Json<OrgKindField[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface OrgUnitsTable {
  id: Generated<number>;
  code: string;
  kind: string;
  name: string;
  abbreviation: string | null;
  alt_names: Json<string[]>;
  parent_id: number | null;
  path: string;
  valid_from: string | null;
  valid_to: string | null;
  custom: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export type OfficerFunction = 'administrator' | 'approver';

export interface OrgOfficersTable {
  id: Generated<number>;
  org_id: number;
  person_id: number;
  function: OfficerFunction;
  role_name: string;
  created_at: Timestamp;
}

export interface AffiliationsTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  kind: string;
  title: string | null;
  source: Generated<string>;
  valid_from: string | null;
  valid_to: string | null;
  attributes: Json<Record<string, unknown>>;
  /** The source's own key of the record this affiliation came from (snapshots only). */
  record_key: string | null;
  /** Classification codes the source gave (employee class, student level …). */
  codes: Generated<string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface StatusTypesTable {
  id: Generated<number>;
  name: string;
  rank: number;
  category: string;
  card_label: string | null;
  directory: 'Y' | 'N' | 'O' | 'P';
  description: Generated<string>;
  match: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** One interval of a person's status history (derived from affiliations by the status refresh). */
export interface PersonStatusesTable {
  id: Generated<number>;
  person_id: number;
  status_type_id: number;
  start_date: string | null;
  end_date: string | null;
  bridged_to: Json<{ statusTypeId: number; start: string; originalEnd: string }> | null;
  because: Json<{ affiliationId: number; source: string; kind: string; orgCode: string }[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An auxiliary status stream (the paper's People_Status_Aux_Master). */
export interface StatusStreamsTable {
  name: string;
  label: string;
  access_role: string;
  description: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A field of a stream (People_Status_Aux_Proto): the form is generated from these. */
export interface StreamFieldsTable {
  stream: string;
  name: string;
  label: string;
  type: 'text' | 'number' | 'boolean' | 'date' | 'enum';
  options: Json<string[]>;
  length: number | null;
  default_value: string | null;
  display_rank: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A field's value for one status type (People_Status_Aux_Values), in canonical text form. */
export interface StreamValuesTable {
  status_type_id: number;
  stream: string;
  field: string;
  value: string;
  updated_at: Timestamp;
}

export interface DB {
  users: UsersTable;
  user_roles: UserRolesTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  oidc_flows: OidcFlowsTable;
  audit_log: AuditLogTable;
  audit_batches: AuditBatchesTable;
  change_log: ChangeLogTable;
  chain_heads: ChainHeadsTable;
  settings: SettingsTable;
  people: PeopleTable;
  identifiers: IdentifiersTable;
  reserved_identifiers: ReservedIdentifiersTable;
  mint_counters: MintCountersTable;
  org_kinds: OrgKindsTable;
  org_units: OrgUnitsTable;
  org_officers: OrgOfficersTable;
  affiliations: AffiliationsTable;
  sources: SourcesTable;
  source_records: SourceRecordsTable;
  snapshots: SnapshotsTable;
  snapshot_rows: SnapshotRowsTable;
  snapshot_errors: SnapshotErrorsTable;
  match_reviews: MatchReviewsTable;
  status_types: StatusTypesTable;
  status_streams: StatusStreamsTable;
  stream_fields: StreamFieldsTable;
  stream_values: StreamValuesTable;
  person_statuses: PersonStatusesTable;
  feeds: FeedsTable;
  feed_rows: FeedRowsTable;
  feed_changes: FeedChangesTable;
  feed_pulls: FeedPullsTable;
  scheduled_jobs: ScheduledJobsTable;
  mail_templates: MailTemplatesTable;
  outbox: OutboxTable;
  mail_preferences: MailPreferencesTable;
  guest_lifecycles: GuestLifecyclesTable;
  guest_types: GuestTypesTable;
  guests: GuestsTable;
  guest_transitions: GuestTransitionsTable;
  guest_handovers: GuestHandoversTable;
  guest_requests: GuestRequestsTable;
  guest_request_decisions: GuestRequestDecisionsTable;
  temp_accounts: TempAccountsTable;
  temp_loans: TempLoansTable;
  temp_loan_renewals: TempLoanRenewalsTable;
  group_folders: GroupFoldersTable;
  groups: GroupsTable;
  group_memberships: GroupMembershipsTable;
  group_effective_members: GroupEffectiveMembersTable;
  group_privileges: GroupPrivilegesTable;
  group_history: GroupHistoryTable;
  scim_group_external_ids: ScimGroupExternalIdsTable;
  access_applications: AccessApplicationsTable;
  access_resources: AccessResourcesTable;
  access_roles: AccessRolesTable;
  access_permissions: AccessPermissionsTable;
  access_assignments: AccessAssignmentsTable;
  provision_targets: ProvisionTargetsTable;
  governance_policies: GovernancePoliciesTable;
  governance_delegates: GovernanceDelegatesTable;
  governance_exclusions: GovernanceExclusionsTable;
  subject_accounts: SubjectAccountsTable;
  account_memberships: AccountMembershipsTable;
  membership_requests: MembershipRequestsTable;
  membership_request_decisions: MembershipRequestDecisionsTable;
  membership_facts: MembershipFactsTable;
  governance_holds: GovernanceHoldsTable;
  review_campaigns: ReviewCampaignsTable;
  review_reviewers: ReviewReviewersTable;
  review_items: ReviewItemsTable;
  provision_objects: ProvisionObjectsTable;
  provision_pending: ProvisionPendingTable;
  webhook_deliveries: WebhookDeliveriesTable;
  provision_runs: ProvisionRunsTable;
  decision_clients: DecisionClientsTable;
  decision_client_tokens: DecisionClientTokensTable;
  jobs: JobsTable;
  row_versions: RowVersionsTable;
  calendars: CalendarsTable;
  held_changes: HeldChangesTable;
}
