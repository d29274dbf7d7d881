import { describe, expect, it } from 'vitest';
import { isDead, nextAttemptAt, retryDelayMs } from './delivery-time.ts';

const seconds = (attempts: number, random = 0.5) => retryDelayMs(attempts, random) / 1000;

describe('when a failed delivery is tried again', () => {
  it('waits 5 s, 30 s, 2 min, 10 min, 30 min, then an hour for every later attempt', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => seconds(n))).toEqual([5, 30, 120, 600, 1800, 3600, 3600, 3600]);
  });

  it('spreads each wait by at most ten per cent either way', () => {
    expect(seconds(1, 0)).toBe(4.5);
    expect(seconds(1, 0.999999)).toBeCloseTo(5.5, 3);
    expect(seconds(6, 0)).toBe(3240);
    expect(seconds(6, 0.75)).toBe(3780);
    for (let i = 0; i < 200; i++) {
      const delay = seconds(4, i / 200);
      expect(delay).toBeGreaterThanOrEqual(540);
      expect(delay).toBeLessThanOrEqual(660);
    }
  });

  it('dates the next attempt from now', () => {
    const now = new Date('2026-09-01T12:00:00Z');
    expect(nextAttemptAt(now, 3, 0.5).toISOString()).toBe('2026-09-01T12:02:00.000Z');
  });

  it('dead-letters a delivery once it has failed as often as the target allows', () => {
    expect(isDead(7, 8)).toBe(false);
    expect(isDead(8, 8)).toBe(true);
    expect(isDead(1, 1)).toBe(true);
    expect(isDead(0, 1)).toBe(false);
  });
});
