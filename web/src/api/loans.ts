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

/** Every call the web UI makes about temporary accounts. */
export const loansApi = {
  pools: (signal?: AbortSignal) => api.get<PoolsView>('/loans/pools', undefined, signal),
  open: (signal?: AbortSignal) => api.get<{ items: LoanView[] }>('/loans', { limit: 200 }, signal),
  history: (borrower: string, signal?: AbortSignal) => api.get<{ items: LoanView[]; next: number | null }>('/loans/history', { borrower: borrower.trim() || undefined, limit: 100 }, signal),
  lend: (body: LendBody) => api.post<LendResult>('/loans', body),
  renew: (loan: LoanView, hours: number, comment: string) => api.post<LoanView>(`/loans/${loan.id}/renewals`, { hours, comment: comment.trim() || null }, `"${loan.version}"`),
  giveBack: (loan: LoanView) => api.post<LoanView>(`/loans/${loan.id}/return`, {}, `"${loan.version}"`),
  unitByCode: async (code: string): Promise<number | null> => (await api.get<{ items: { id: number }[] }>('/orgs', { code: code.trim(), limit: 1 })).items[0]?.id ?? null,
};
