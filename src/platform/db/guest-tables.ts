import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';

/** Row types of the guest tables (migration 0013, src/guests), part of the DB in schema.ts. */

/** A guest lifecycle: a state machine as data (src/guests/lifecycle.ts). */
export interface GuestLifecyclesTable {
  name: string;
  label: string;
  definition: Json<unknown>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A guest type (the paper's Id_Entry_Types): who must vouch, how long, which services, which lifecycle. */
export interface GuestTypesTable {
  id: Generated<number>;
  name: string;
  label: string;
  lifecycle: string;
  sponsor_required: boolean;
  requester_required: boolean;
  id_number_required: boolean;
  default_days: number | null;
  /** What default_days counts (migration 0034): days, working days or terms ('end-of-term'). */
  default_unit: Generated<'days' | 'working-days' | 'end-of-term'>;
  max_days: number | null;
  renewable: boolean;
  renewal_window_days: number | null;
  directory: 'Y' | 'N' | 'O' | 'P';
  org_subtree: string | null;
  services: Json<string[]>;
  approval_chain: Json<unknown[]>;
  reasons: Json<string[]>;
  expiring_days: number;
  retention_days: number;
  display_rank: number;
  handover_days: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A guest: a person of the registry in a lifecycle state, with validity and who owns them. */
export interface GuestsTable {
  id: Generated<number>;
  person_id: number;
  type_id: number;
  state: string;
  state_since: string;
  valid_from: string;
  valid_to: string | null;
  host_org_id: number | null;
  tenant_org_id: number | null;
  guarantor_id: number | null;
  sponsor_id: number | null;
  requester_id: number | null;
  reason: string | null;
  services: Json<string[]>;
  in_directory: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** One state change of a guest; a timed one carries the date it was due for (unique with guest and transition). */
export interface GuestTransitionsTable {
  id: Generated<number>;
  guest_id: number;
  transition: string;
  from_state: string;
  to_state: string;
  due_on: string | null;
  at: Timestamp;
  actor: string;
  reason: string | null;
  notices: Json<unknown[]>;
}

/**
 * A guest handed over to the guest managers of a unit (`org_id`) because its guarantor or sponsor (`voucher_id`) can
 * no longer vouch; open until `closed_at` (`outcome`: a manager took over as `taken_by`, or the voucher could again).
 */
export interface GuestHandoversTable {
  id: Generated<number>;
  guest_id: number;
  role: 'guarantor' | 'sponsor';
  voucher_id: number;
  org_id: number;
  since: string;
  deadline: string;
  notices: Generated<Json<unknown[]>>;
  created_at: Timestamp;
  closed_at: Timestamp | null;
  outcome: 'taken-over' | 'voucher-returned' | 'voucher-changed' | null;
  taken_by: number | null;
}
