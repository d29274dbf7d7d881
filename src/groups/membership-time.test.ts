import { describe, expect, it } from 'vitest';
import { membershipCountsAt } from './membership-time.ts';

const t = (iso: string) => new Date(iso);

describe('when a membership counts', () => {
  const validity = { from: t('2026-09-01T09:00:00Z'), until: t('2026-09-08T09:00:00Z') };
  it('from its start (included) to its end (excluded)', () => {
    expect(membershipCountsAt(validity, t('2026-09-01T08:59:59.999Z'))).toBe(false);
    expect(membershipCountsAt(validity, t('2026-09-01T09:00:00Z'))).toBe(true);
    expect(membershipCountsAt(validity, t('2026-09-08T08:59:59.999Z'))).toBe(true);
    expect(membershipCountsAt(validity, t('2026-09-08T09:00:00Z'))).toBe(false);
  });
  it('without a start since ever, without an end for good', () => {
    expect(membershipCountsAt({ from: null, until: validity.until }, t('1900-01-01T00:00:00Z'))).toBe(true);
    expect(membershipCountsAt({ from: validity.from, until: null }, t('2999-01-01T00:00:00Z'))).toBe(true);
    expect(membershipCountsAt({ from: null, until: null }, t('2026-01-01T00:00:00Z'))).toBe(true);
  });
});
