import { describe, expect, it } from 'vitest';
import { attestationDue, attestationDueAt } from './attest-time.ts';

const t = (iso: string) => new Date(iso);

describe('attestation due dates', () => {
  it('are due when never attested, or a period after the last, and never without a period', () => {
    expect(attestationDue(90, null, t('2026-01-01T00:00:00Z'))).toBe(true);
    expect(attestationDueAt(90, null)).toBeNull();
    const at = t('2026-01-01T00:00:00Z');
    expect(attestationDueAt(90, at)?.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(attestationDue(90, at, t('2026-03-31T23:59:59Z'))).toBe(false);
    expect(attestationDue(90, at, t('2026-04-01T00:00:00Z'))).toBe(true);
    expect(attestationDue(null, null, t('2030-01-01T00:00:00Z'))).toBe(false);
  });
});
