import { describe, expect, it } from 'vitest';
import type { Actor, RoleGrant } from '../platform/auth/actor.ts';
import {
  accountAbilities,
  departmentPoolAbilities,
  loanAbilities,
  loanReadScope,
  mayLend,
  mayReadAccount,
  mayReadLoansOf,
  poolsAbilities,
} from './loan-policy.ts';

const grant = (role: RoleGrant['role'], orgPath: string | null = null, office?: string): RoleGrant => ({
  role,
  orgId: null,
  orgPath,
  office,
});
const actor = (...roles: RoleGrant[]): Actor => ({ kind: 'user', id: 1, name: 'someone', roles });

const admin = actor(grant('sysadmin'));
const auditor = actor(grant('auditor'));
const sciAdmin = actor(grant('orgadmin', '/1/2/'));
const library = actor(grant('office', null, 'library'));
const chem = '/1/2/3/';
const hist = '/1/5/6/';
const now = new Date('2026-09-01T12:00:00Z');
const running = { orgPath: chem, endsAt: new Date('2026-09-01T15:00:00Z'), endedAt: null };
const due = { ...running, endsAt: new Date('2026-09-01T11:00:00Z') };
const ended = { ...running, endedAt: new Date('2026-09-01T10:00:00Z') };

describe('who may lend and manage loans', () => {
  it('an organisation administrator lends, renews and returns in their subtree only', () => {
    expect(mayLend(sciAdmin, chem)).toBe(true);
    expect(mayLend(sciAdmin, hist)).toBe(false);
    expect(loanAbilities(sciAdmin, running, now)).toEqual({ renew: true, return: true });
    expect(loanAbilities(sciAdmin, { ...running, orgPath: hist }, now)).toEqual({ renew: false, return: false });
  });

  it('a loan past its end may only be returned, an ended one not at all, whoever asks', () => {
    expect(loanAbilities(admin, due, now)).toEqual({ renew: false, return: true });
    expect(loanAbilities(admin, ended, now)).toEqual({ renew: false, return: false });
  });

  it('auditors and offices change nothing', () => {
    for (const who of [auditor, library]) {
      expect(loanAbilities(who, running, now)).toEqual({ renew: false, return: false });
      expect(poolsAbilities(who)).toEqual({ lend: false, addAccount: false, changeSettings: false, sweep: false });
    }
  });

  it('only system administrators add and retire accounts, and only a free account is retired', () => {
    expect(poolsAbilities(admin)).toEqual({ lend: true, addAccount: true, changeSettings: true, sweep: true });
    expect(poolsAbilities(sciAdmin)).toEqual({ lend: true, addAccount: false, changeSettings: false, sweep: false });
    expect(departmentPoolAbilities(sciAdmin, chem)).toEqual({ lend: true, addAccount: false });
    expect(departmentPoolAbilities(sciAdmin, hist)).toEqual({ lend: false, addAccount: false });
    expect(accountAbilities(admin, { state: 'free' })).toEqual({ retire: true });
    expect(accountAbilities(admin, { state: 'lent' })).toEqual({ retire: false });
    expect(accountAbilities(admin, { state: 'retired' })).toEqual({ retire: false });
    expect(accountAbilities(sciAdmin, { state: 'free' })).toEqual({ retire: false });
  });
});

describe('who may read loans', () => {
  it('reads everywhere as system administrator or auditor, in the subtree as organisation administrator', () => {
    expect(loanReadScope(admin)).toBeNull();
    expect(loanReadScope(auditor)).toBeNull();
    expect(loanReadScope(sciAdmin)).toEqual(['/1/2/']);
    expect(loanReadScope(library)).toEqual([]);
    expect(mayReadLoansOf(auditor, hist)).toBe(true);
    expect(mayReadLoansOf(sciAdmin, chem)).toBe(true);
    expect(mayReadLoansOf(sciAdmin, hist)).toBe(false);
    expect(mayReadLoansOf(library, chem)).toBe(false);
  });

  it('reads everywhere when any one role reads everywhere, beside an organisation administrator role (issue 18)', () => {
    expect(loanReadScope(actor(grant('orgadmin', '/1/2/'), grant('auditor')))).toBeNull();
    expect(loanReadScope(actor(grant('sysadmin'), grant('orgadmin', '/1/2/')))).toBeNull();
  });

  it('sees a global account only while lent to a department in reach, unless reading everywhere', () => {
    expect(mayReadAccount(sciAdmin, { poolPath: null, loanPath: null })).toBe(false);
    expect(mayReadAccount(sciAdmin, { poolPath: null, loanPath: chem })).toBe(true);
    expect(mayReadAccount(sciAdmin, { poolPath: null, loanPath: hist })).toBe(false);
    expect(mayReadAccount(sciAdmin, { poolPath: chem, loanPath: null })).toBe(true);
    expect(mayReadAccount(auditor, { poolPath: null, loanPath: null })).toBe(true);
    expect(mayReadAccount(library, { poolPath: null, loanPath: null })).toBe(false);
  });
});
