import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';

/** Row types of the guest request tables (migration 0015, src/guests/requests), part of the DB in schema.ts. */

export type GuestRequestState = 'waiting' | 'approved' | 'rejected' | 'withdrawn';

/** A request for a visitor (`new`) or for a longer stay of a guest (`renewal`), with its resolved approval chain. */
export interface GuestRequestsTable {
  id: Generated<number>;
  kind: 'new' | 'renewal';
  type_id: number;
  guest_id: number | null;
  person_id: number | null;
  given_name: string | null;
  family_name: string | null;
  email: string | null;
  birth_date: string | null;
  host_org_id: number | null;
  sponsor_id: number | null;
  guarantor_id: number;
  submitted_by: number | null;
  reason: string | null;
  services: Json<string[]>;
  valid_from: string;
  valid_to: string;
  in_directory: boolean | null;
  steps: Json<string[]>;
  current_step: Generated<number>;
  state: GuestRequestState;
  decided_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/**
 * One decision on one step of a request (unique per request and step); `withdrawn` ends the request by its guarantor.
 */
export interface GuestRequestDecisionsTable {
  id: Generated<number>;
  request_id: number;
  step_index: number;
  step: string;
  decision: 'approved' | 'rejected' | 'withdrawn';
  user_id: number | null;
  person_id: number | null;
  actor: string;
  comment: string | null;
  minted: Json<{ username: string | null; email: string | null } | null>;
  at: Timestamp;
}
