import { describe, expect, it } from 'vitest';
import { displaySettingsProblems } from './display-settings-rules.ts';

describe('display settings', () => {
  it('accepts a known locale and IANA zone', () => {
    expect(displaySettingsProblems({ locale: 'en-GB', timeZone: 'Europe/Helsinki' })).toEqual([]);
    expect(displaySettingsProblems({ locale: 'fi', timeZone: 'UTC' })).toEqual([]);
  });

  it('names the zone that is not one, with its rule', () => {
    expect(displaySettingsProblems({ locale: 'en-GB', timeZone: 'Europe/Atlantis' })).toEqual([
      expect.objectContaining({ field: '/timeZone', rule: 'time-zone' }),
    ]);
  });
});
