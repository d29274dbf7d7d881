import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  CLAIM_LEASE_MS,
  claimIsStale,
  MAX_ATTEMPTS,
  messageIdFor,
  retryPauseMs,
} from './delivery-rules.ts';

const now = new Date('2026-12-01T10:00:00Z');

describe('delivery rules', () => {
  it('waits 1, 2, 4 … minutes between attempts, at most an hour', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => retryPauseMs(n) / 60_000)).toEqual([1, 2, 4, 8, 60, 60, 60]);
  });

  it('retries a temporary failure and gives up after the last attempt', () => {
    expect(afterFailure(1, { message: 'busy', responseCode: 451 }, now)).toEqual({
      state: 'failed',
      nextAttemptAt: new Date('2026-12-01T10:01:00Z'),
    });
    expect(afterFailure(3, { message: 'connection refused' }, now)).toEqual({
      state: 'failed',
      nextAttemptAt: new Date('2026-12-01T10:04:00Z'),
    });
    expect(afterFailure(MAX_ATTEMPTS, { message: 'busy', responseCode: 421 }, now)).toEqual({ state: 'dead' });
  });

  it('gives up at once when the server refuses for good (5xx)', () => {
    expect(afterFailure(1, { message: 'no such user', responseCode: 550 }, now)).toEqual({ state: 'dead' });
  });

  it('treats a claim as stale only after the lease', () => {
    expect(claimIsStale(new Date(now.getTime() - CLAIM_LEASE_MS + 1), now)).toBe(false);
    expect(claimIsStale(new Date(now.getTime() - CLAIM_LEASE_MS), now)).toBe(true);
  });

  it('fixes the Message-ID by the outbox id and the sender domain', () => {
    expect(messageIdFor(7, 'Steward <steward@uni.example>')).toBe('<outbox-7@uni.example>');
    expect(messageIdFor(7, 'nobody')).toBe('<outbox-7@steward.invalid>');
  });
});
