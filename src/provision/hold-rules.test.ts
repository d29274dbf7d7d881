import { describe, expect, it } from 'vitest';
import { holdReason, mustHold } from './hold-rules.ts';

describe('holding a mass change', () => {
  it('holds above the threshold share of provisioned accounts', () => {
    expect(mustHold({ retiring: 11, provisioned: 100, thresholdPercent: 10 })).toBe(true);
    expect(mustHold({ retiring: 10, provisioned: 100, thresholdPercent: 10 })).toBe(false);
    expect(mustHold({ retiring: 600, provisioned: 1000, thresholdPercent: 50 })).toBe(true);
  });

  it('never holds fewer than five, and treats an empty target as all at once', () => {
    expect(mustHold({ retiring: 4, provisioned: 5, thresholdPercent: 10 })).toBe(false);
    expect(mustHold({ retiring: 5, provisioned: 0, thresholdPercent: 10 })).toBe(true);
  });

  it('explains the hold with the figures', () => {
    expect(holdReason({ retiring: 30, provisioned: 120, thresholdPercent: 10 })).toBe(
      'would disable or delete 30 of 120 accounts (25 %), above the threshold of 10 %',
    );
  });
});
