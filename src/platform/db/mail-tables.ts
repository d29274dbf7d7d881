import type { Generated } from 'kysely';
import type { Timestamp } from './column-types.ts';

/** Row types of the mail tables (migration 0012, src/notify), part of the DB in schema.ts. */

/** A mail template per event (src/notify); mustache over the event's context. */
export interface MailTemplatesTable {
  event: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export type OutboxState = 'queued' | 'held' | 'sending' | 'sent' | 'failed' | 'dead' | 'check' | 'digested';

/** One mail in the transactional outbox, rendered when it was queued. */
export interface OutboxTable {
  id: Generated<number>;
  event: string;
  recipient: string;
  person_id: number | null;
  user_id: number | null;
  subject: string;
  text_body: string;
  html_body: string | null;
  dedupe_key: string;
  state: OutboxState;
  digest: Generated<boolean>;
  digest_id: number | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_at: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  message_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An account's own choice of a daily digest for digestable mail. */
export interface MailPreferencesTable {
  user_id: number;
  daily_digest: boolean;
  updated_at: Timestamp;
  version: Generated<number>;
}
