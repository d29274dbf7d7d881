import { describe, expect, it } from 'vitest';
import { outdatedNotice } from './notice-rules.ts';

describe('outdatedNotice', () => {
  it('holds back an expiring reminder whose stay has already ended, saying why', () => {
    expect(outdatedNotice('expiring-reminder', '2027-01-15', '2027-01-25')).toBe(
      'not sent: the stay ended on 2027-01-15, before the reminder went out (the sweep did not run in time)',
    );
  });
  it('sends a reminder on or before the last day of the stay, late or not', () => {
    expect(outdatedNotice('expiring-reminder', '2027-01-15', '2027-01-15')).toBeNull();
    expect(outdatedNotice('expiring-reminder', '2027-01-15', '2027-01-10')).toBeNull();
  });
  it('never holds back other notices or an open-ended stay', () => {
    expect(outdatedNotice('disabled', '2027-01-15', '2027-01-25')).toBeNull();
    expect(outdatedNotice('expiring-reminder', null, '2027-01-25')).toBeNull();
  });
});
