import { describe, expect, it } from 'vitest';
import { holdReason, isMassLoss, MASS_LOSS_MINIMUM } from './hold-rules.ts';

describe('the mass-loss guard', () => {
  it('holds more than the percentage of a group’s governed members, never fewer than the minimum', () => {
    expect(isMassLoss(6, 10, 20)).toBe(true);
    expect(isMassLoss(20, 100, 20)).toBe(false); // exactly at the threshold applies
    expect(isMassLoss(21, 100, 20)).toBe(true);
    expect(isMassLoss(MASS_LOSS_MINIMUM - 1, MASS_LOSS_MINIMUM, 20)).toBe(false); // a small group's leavers go through
    expect(isMassLoss(MASS_LOSS_MINIMUM, 1000, 0)).toBe(true);
  });

  it('says why', () => {
    expect(holdReason(6, 10, 20)).toBe(
      'one pass would start grace for 6 of 10 governed members (60 %), above the threshold of 20 %',
    );
  });
});
