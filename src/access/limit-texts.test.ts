import { describe, expect, it } from 'vitest';
import { implicationsOf, limitsOf } from './limit-texts.ts';

describe('the texts typed for limits and implied actions', () => {
  it('reads implied actions, ignoring spaces and empty rules', () => {
    expect(implicationsOf([' write = read ', '', 'approve=read, write'])).toEqual({
      write: ['read'],
      approve: ['read', 'write'],
    });
  });

  it('reads each limit text, says where each landed, and leaves a date range open at an empty end', () => {
    expect(limitsOf({ window: '08:00 - 18:00', weekdays: '', dates: '..2026-12-31' })).toEqual({
      limits: [
        { kind: 'time-window', from: '08:00', to: '18:00' },
        { kind: 'dates', from: null, to: '2026-12-31' },
      ],
      at: { window: 0, dates: 1 },
    });
    expect(limitsOf({ weekdays: '1, 2,3' }).limits).toEqual([{ kind: 'weekdays', days: [1, 2, 3] }]);
  });
});
