import type { Argon2Cost } from '../platform/auth/secrets.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { createLoanExpiry } from './loan-expiry.ts';
import { createLoanPoolService } from './loan-pool-service.ts';
import { createLoanService } from './loan-service.ts';

/** What the loan use cases need: the usual deps and the Argon2id cost of credentials. */
export interface LoanDeps extends ServiceDeps {
  passwordCost?: Argon2Cost;
}

/** Temporary accounts (C5, story 6): pools, loans with renewals and returns, and the expiry of loans. */
export function createLoanServices(deps: LoanDeps) {
  return {
    pools: createLoanPoolService(deps),
    loans: createLoanService(deps),
    ...createLoanExpiry(deps),
  };
}

export type LoanServices = ReturnType<typeof createLoanServices>;
