import type { Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of the decision-client tables (migration 0020, platform/auth), part of the DB in schema.ts. */

/** A program that may only ask decisions, for the named applications (null: every application). */
export interface DecisionClientsTable {
  id: Generated<number>;
  name: string;
  label: string;
  applications: string[] | null;
  /** Argon2id (PHC string) of the client secret; the secret itself is shown once and never kept. */
  secret_hash: string;
  created_at: Timestamp;
  created_by: string;
  revoked_at: Timestamp | null;
  version: Generated<number>;
  /** When the client last authenticated (migration 0025); written at most once a minute. */
  last_used_at: Timestamp | null;
}

/** A client-credentials access token: only its SHA-256 is kept, and it ends at `expires_at`. */
export interface DecisionClientTokensTable {
  token_hash: Uint8Array;
  client_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
}
