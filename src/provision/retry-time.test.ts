import { describe, expect, it } from 'vitest';
import { afterFailure, retryAfterSeconds } from './retry-time.ts';

describe('retrying a failed object', () => {
  it('pauses longer after each failure, up to an hour', () => {
    expect([1, 2, 3, 4, 5, 9].map(retryAfterSeconds)).toEqual([10, 60, 300, 900, 3600, 3600]);
  });

  it('waits for an administrator after the last try', () => {
    const now = new Date('2026-09-01T09:00:00Z');
    expect(afterFailure(2, 3, now)).toEqual({ state: 'retrying', nextAt: new Date('2026-09-01T09:01:00Z') });
    expect(afterFailure(3, 3, now).state).toBe('waiting');
  });
});
