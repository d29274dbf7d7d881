import { describe, expect, it } from 'vitest';
import { isDue, loanPhase, phaseAllows } from './loan-time.ts';

const now = new Date('2026-09-01T12:00:00Z');
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('when a loan ends', () => {
  it('runs until its end, is due from that very instant, and stays ended once ended', () => {
    expect(loanPhase({ endsAt: at(1), endedAt: null }, now)).toBe('running');
    expect(loanPhase({ endsAt: now, endedAt: null }, now)).toBe('due');
    expect(loanPhase({ endsAt: at(-600), endedAt: null }, now)).toBe('due');
    expect(loanPhase({ endsAt: at(600), endedAt: at(-5) }, now)).toBe('ended');
    expect(loanPhase({ endsAt: at(-600), endedAt: at(-5) }, now)).toBe('ended');
  });

  it('is due for the expiry only while open and past its end', () => {
    expect(isDue({ endsAt: at(-1), endedAt: null }, now)).toBe(true);
    expect(isDue({ endsAt: at(1), endedAt: null }, now)).toBe(false);
    expect(isDue({ endsAt: at(-1), endedAt: at(-1) }, now)).toBe(false);
  });

  it('lets a running loan be renewed or returned, a due one only returned, an ended one neither', () => {
    expect(phaseAllows('running')).toEqual({ renew: true, return: true });
    expect(phaseAllows('due')).toEqual({ renew: false, return: true });
    expect(phaseAllows('ended')).toEqual({ renew: false, return: false });
  });
});
