import type {
  AccountView,
  LendBody,
  LendResult,
  LoanPage,
  LoanView,
  PoolsView,
} from '../../../src/loans/loan-schemas.ts';
import { api } from './client.ts';

/** Temporary accounts as the server returns them (the Static types of the server's route schemas). */
export type { AccountView, LendBody, LendResult, LoanPage, LoanView, PoolsView };

/** Who had which account when: by part of the borrower's name, one account, one department (and below); empty = all. */
export interface HistoryFilter {
  borrower: string;
  accountId: number | null;
  orgId: number | null;
}

/** Every call the web UI makes about temporary accounts. */
export const loansApi = {
  pools: (signal?: AbortSignal) => api.get<PoolsView>('/loans/pools', undefined, signal),
  open: (signal?: AbortSignal) => api.get<LoanPage>('/loans', { limit: 200 }, signal),
  history: (filter: HistoryFilter, signal?: AbortSignal) =>
    api.get<LoanPage>(
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
