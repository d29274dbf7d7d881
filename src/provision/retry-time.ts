/**
 * When a failed object is tried again: growing pauses (10 s, 1 min, 5 min, 15 min, then
 * hourly), and after the target's maximum of tries it waits for an administrator. Pure.
 */
const PAUSES_S = [10, 60, 300, 900, 3600];

export function retryAfterSeconds(attempts: number): number {
  return PAUSES_S[Math.min(Math.max(attempts, 1), PAUSES_S.length) - 1];
}

export type RetryState = { state: 'retrying'; nextAt: Date } | { state: 'waiting'; nextAt: Date };

/** After the `attempts`-th failed try. */
export function afterFailure(attempts: number, maxAttempts: number, now: Date): RetryState {
  if (attempts >= maxAttempts) return { state: 'waiting', nextAt: now };
  return { state: 'retrying', nextAt: new Date(now.getTime() + retryAfterSeconds(attempts) * 1000) };
}
