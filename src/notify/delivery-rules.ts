/**
 * When to try a mail again, when to give up, and when a claim is stale (pure).
 *
 * Never twice: a mail is claimed (state `sending`, committed) before the SMTP call and
 * marked `sent` after it. A process that dies in between leaves it in `sending`; once
 * the claim is older than CLAIM_LEASE_MS (longer than any SMTP exchange can last, see
 * the mailer's timeouts) the next delivery run moves it to `check` and does NOT send it
 * again: whether the first attempt reached the mail server is unknown. An administrator
 * looks its Message-ID (`<outbox-ID@domain>`, fixed before sending) up in the mail
 * server's log and either retries it (POST /mail/outbox/:id/retry) or leaves it. So
 * delivery is at most once unless a person decides otherwise.
 */
export const MAX_ATTEMPTS = 8;
export const CLAIM_LEASE_MS = 15 * 60_000;
const MAX_PAUSE_MINUTES = 60;

/** Pause after the `attempts`-th failed attempt: 1, 2, 4 … 60 minutes. */
export function retryPauseMs(attempts: number): number {
  return Math.min(MAX_PAUSE_MINUTES, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

export interface SendFailure {
  message: string;
  /** SMTP reply code when the server answered (5xx is permanent). */
  responseCode?: number;
}

export type AfterFailure = { state: 'failed'; nextAttemptAt: Date } | { state: 'dead' };

/** What becomes of a mail whose `attempts`-th attempt failed at `now`. */
export function afterFailure(attempts: number, failure: SendFailure, now: Date): AfterFailure {
  const permanent = failure.responseCode !== undefined && failure.responseCode >= 500 && failure.responseCode < 600;
  if (permanent || attempts >= MAX_ATTEMPTS) return { state: 'dead' };
  return { state: 'failed', nextAttemptAt: new Date(now.getTime() + retryPauseMs(attempts)) };
}

/** True when a mail claimed at `claimedAt` can no longer be in flight at `now`. */
export function claimIsStale(claimedAt: Date, now: Date): boolean {
  return now.getTime() - claimedAt.getTime() >= CLAIM_LEASE_MS;
}

/** The Message-ID a mail is sent with, fixed by its outbox id so a log can be searched for it. */
export function messageIdFor(id: number, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'steward.invalid';
  return `<outbox-${id}@${domain}>`;
}
