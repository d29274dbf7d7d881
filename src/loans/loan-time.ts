/**
 * When a loan ends, pure. A loan runs from its start until `endsAt`; from that instant on it
 * is due and the expiry (loan-expiry.ts, the `temp-accounts` job) ends it. An ended loan
 * (returned early, or expired) stays ended. The expiry's SQL selects exactly the loans this
 * file calls due (test/loans/expiry-time.test.ts checks it on both databases).
 */
export interface LoanTimes {
  endsAt: Date;
  endedAt: Date | null;
}

/** running: before its end; due: its end has come and the expiry has not ended it yet; ended: returned or expired. */
export type LoanPhase = 'running' | 'due' | 'ended';

export function loanPhase(loan: LoanTimes, now: Date): LoanPhase {
  if (loan.endedAt !== null) return 'ended';
  return loan.endsAt.getTime() <= now.getTime() ? 'due' : 'running';
}

/** True if the expiry should end the loan now. */
export function isDue(loan: LoanTimes, now: Date): boolean {
  return loanPhase(loan, now) === 'due';
}

/** What a loan's phase lets anyone do with it: a renewal needs a running loan, a return any loan not yet ended. */
export function phaseAllows(phase: LoanPhase): { renew: boolean; return: boolean } {
  switch (phase) {
    case 'running':
      return { renew: true, return: true };
    case 'due':
      return { renew: false, return: true };
    case 'ended':
      return { renew: false, return: false };
    default:
      return unreachable(phase);
  }
}

function unreachable(phase: never): never {
  throw new Error(`unknown loan phase ${String(phase)}`);
}
