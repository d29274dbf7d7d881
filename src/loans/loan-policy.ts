import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import { type LoanTimes, loanPhase, phaseAllows } from './loan-time.ts';

/**
 * Who may do what with temporary accounts, pure. Organisation administrators lend, renew,
 * return and read the loans of their subtree (a loan belongs to the department it was lent
 * for, wherever its account came from); auditors read every loan; system administrators do
 * everything, and alone add and retire accounts, run the expiry and set the low-water mark.
 * The services refuse what these functions deny; every loan and pool view carries the
 * caller's abilities computed here, so the web app never derives a role.
 */

/** May read loans somewhere (the reads below narrow it to a scope). */
export function mayReadLoans(actor: Actor): boolean {
  return can(actor, 'loans:read');
}

/** May read the loans of the department at `orgPath` (a materialised path such as "/1/4/"). */
export function mayReadLoansOf(actor: Actor, orgPath: string): boolean {
  return can(actor, 'loans:read', { orgPaths: [orgPath] });
}

/**
 * Where the actor reads loans: null for everywhere (system administrators, auditors), else
 * the subtree paths of their organisation-administrator roles (none for anyone else). The
 * SQL filter `inScope` (loan-store.ts) applies it; it agrees with `mayReadLoansOf`.
 */
export function loanReadScope(actor: Actor): string[] | null {
  if (actor.roles.some((g) => g.role === 'sysadmin' || g.role === 'auditor')) return null;
  return actor.roles.filter((g) => g.role === 'orgadmin' && g.orgPath).map((g) => g.orgPath!);
}

/**
 * May see a temporary account: one of a department's pool when the department is in reach;
 * one of the global pool when the actor reads everywhere, or while it is lent to a department
 * in reach (`loanPath`, null when it is not lent).
 */
export function mayReadAccount(actor: Actor, account: { poolPath: string | null; loanPath: string | null }): boolean {
  if (account.poolPath !== null) return mayReadLoansOf(actor, account.poolPath);
  if (loanReadScope(actor) === null) return mayReadLoans(actor);
  return account.loanPath !== null && mayReadLoansOf(actor, account.loanPath);
}

/** May lend at all (asked before the department is known, so a refusal comes before any work). */
export function mayLendSomewhere(actor: Actor): boolean {
  return can(actor, 'loans:manage');
}

/** May lend for the department at `orgPath` (from its pool, else the global pool). */
export function mayLend(actor: Actor, orgPath: string): boolean {
  return can(actor, 'loans:manage', { orgPaths: [orgPath] });
}

/** May renew or take back a loan of the department at `orgPath`. */
export function mayManageLoan(actor: Actor, orgPath: string): boolean {
  return can(actor, 'loans:manage', { orgPaths: [orgPath] });
}

/** May add and retire accounts, run the expiry and change the loan settings. */
export function mayConfigureLoans(actor: Actor): boolean {
  return can(actor, 'loans:configure');
}

export interface LoanAbilities {
  /** Extend it (a running loan only). */
  renew: boolean;
  /** Take the account back now (any loan not yet ended). */
  return: boolean;
}

/** What the actor may do with a loan of the department at `orgPath`, now. */
export function loanAbilities(actor: Actor, loan: LoanTimes & { orgPath: string }, now: Date): LoanAbilities {
  const manages = mayManageLoan(actor, loan.orgPath);
  const allowed = phaseAllows(loanPhase(loan, now));
  return { renew: manages && allowed.renew, return: manages && allowed.return };
}

export type AccountState = 'free' | 'lent' | 'retired';

/** Only a free account can be retired: a lent one is first returned, a retired one stays retired. */
export function retirable(state: AccountState): boolean {
  switch (state) {
    case 'free':
      return true;
    case 'lent':
    case 'retired':
      return false;
    default:
      return state satisfies never;
  }
}

export interface AccountAbilities {
  retire: boolean;
}

export function accountAbilities(actor: Actor, account: { state: AccountState }): AccountAbilities {
  return { retire: mayConfigureLoans(actor) && retirable(account.state) };
}

export interface DepartmentPoolAbilities {
  /** Lend one of its accounts (or, when none is free, one of the global pool). */
  lend: boolean;
  addAccount: boolean;
}

export function departmentPoolAbilities(actor: Actor, orgPath: string): DepartmentPoolAbilities {
  return { lend: mayLend(actor, orgPath), addAccount: mayConfigureLoans(actor) };
}

export interface PoolsAbilities {
  /** Lend for some department (the pools page's "Lend an account"). */
  lend: boolean;
  /** Add an account to a department's pool or the global pool. */
  addAccount: boolean;
  /** Change the low-water mark and alert addresses. */
  changeSettings: boolean;
  /** End every loan whose time is up now. */
  sweep: boolean;
}

export function poolsAbilities(actor: Actor): PoolsAbilities {
  const configures = mayConfigureLoans(actor);
  return { lend: mayLendSomewhere(actor), addAccount: configures, changeSettings: configures, sweep: configures };
}
