import type { PoolsView } from '../../../src/loans/loan-pool-service.ts';
import type { LendResult } from '../../../src/loans/loan-service.ts';
import type { AccountView, LoanView } from '../../../src/loans/loan-store.ts';
import { api } from './client.ts';

/** Temporary accounts as the server returns them (the server's own types). */
export type { AccountView, LendResult, LoanView, PoolsView };

export interface LendBody {
  orgId: number;
  borrowerName: string | null;
  comment: string;
  hours: number;
}

/** Who had which account when: by part of the borrower's name, one account, one department (and below); empty = all. */
export interface HistoryFilter {
  borrower: string;
  accountId: number | null;
  orgId: number | null;
}

/** Every call the web UI makes about temporary accounts. */
export const loansApi = {
  pools: (signal?: AbortSignal) => api.get<PoolsView>('/loans/pools', undefined, signal),
  open: (signal?: AbortSignal) => api.get<{ items: LoanView[] }>('/loans', { limit: 200 }, signal),
  history: (filter: HistoryFilter, signal?: AbortSignal) =>
    api.get<{ items: LoanView[]; next: number | null }>(
      '/loans/history',
      {
        borrower: filter.borrower.trim() || undefined,
        accountId: filter.accountId || undefined,
        orgId: filter.orgId || undefined,
        limit: 100,
      },
      signal,
    ),
  accounts: (signal?: AbortSignal) => api.get<AccountView[]>('/loans/accounts', undefined, signal),
  lend: (body: LendBody) => api.post<LendResult>('/loans', body),
  renew: (loan: LoanView, hours: number, comment: string) =>
    api.post<LoanView>(`/loans/${loan.id}/renewals`, { hours, comment: comment.trim() || null }, `"${loan.version}"`),
  giveBack: (loan: LoanView) => api.post<LoanView>(`/loans/${loan.id}/return`, {}, `"${loan.version}"`),
  unitByCode: async (code: string): Promise<number | null> =>
    (await api.get<{ items: { id: number }[] }>('/orgs', { code: code.trim(), limit: 1 })).items[0]?.id ?? null,
};
