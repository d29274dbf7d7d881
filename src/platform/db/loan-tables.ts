import type { Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of the temporary-account tables (migration 0016, src/loans), part of the DB in schema.ts. */

export type TempAccountState = 'free' | 'lent' | 'retired';

/** A lendable network account: in a department's pool (`org_id`) or the global pool (null). */
export interface TempAccountsTable {
  id: Generated<number>;
  username: string;
  org_id: number | null;
  state: TempAccountState;
  /**
   * Argon2id (PHC string) of the lent credential, never the credential itself; once a loan ends, an unusable value
   * (loans/loan-ending.ts).
   */
  secret_hash: string;
  secret_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** One loan: who had which account when, lent by which department, and how it ended. */
export interface TempLoansTable {
  id: Generated<number>;
  account_id: number;
  org_id: number;
  from_global: boolean;
  borrower_name: string | null;
  borrower_person_id: number | null;
  comment: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: 'returned' | 'expired' | null;
  lent_by: string;
  ended_by: string | null;
  version: Generated<number>;
}

/** One extension of a loan. */
export interface TempLoanRenewalsTable {
  id: Generated<number>;
  loan_id: number;
  previous_ends_at: Timestamp;
  ends_at: Timestamp;
  at: Timestamp;
  actor: string;
  comment: string | null;
}
