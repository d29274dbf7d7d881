import type {
  Attestation,
  BulkBody,
  Campaign,
  CampaignReport,
  CampaignSummary,
  CloseResult,
  DecisionBody,
  ItemsPage,
  ItemsQuery,
  NewCampaign,
  ReviewItem,
} from './access-review-types.ts';
import { api } from './client.ts';

const version = (v: { version: number }) => `"${v.version}"`;

/** Where a campaign's report is downloaded as CSV (a plain link: the session cookie goes with it). */
export const reportCsvUrl = (id: number) => `/reviews/${id}/report.csv`;

/** Every call the web UI makes about access reviews (campaigns, worklists, decisions, reports, attestation). */
export const accessReviewsApi = {
  list: (state: 'open' | 'closed' | undefined, signal?: AbortSignal) =>
    api.get<CampaignSummary[]>('/reviews', { state }, signal),
  start: (body: NewCampaign) => api.post<Campaign>('/reviews', body),
  get: (id: number, signal?: AbortSignal) => api.get<Campaign>(`/reviews/${id}`, undefined, signal),
  items: (id: number, query: ItemsQuery, signal?: AbortSignal) =>
    api.get<ItemsPage>(`/reviews/${id}/items`, { ...query }, signal),
  decide: async (item: ReviewItem, body: DecisionBody) =>
    (await api.put<ReviewItem>(`/reviews/${item.campaignId}/items/${item.id}/decision`, body, version(item))).data,
  bulk: (id: number, body: BulkBody) => api.post<{ decided: number }>(`/reviews/${id}/decisions`, body),
  close: (id: number) => api.post<CloseResult>(`/reviews/${id}/close`),
  report: (id: number, signal?: AbortSignal) => api.get<CampaignReport>(`/reviews/${id}/report`, undefined, signal),
  due: (signal?: AbortSignal) => api.get<Attestation[]>('/reviews/attestation/due', undefined, signal),
  attestation: (groupId: number, signal?: AbortSignal) =>
    api.get<Attestation>(`/groups/${groupId}/attestation`, undefined, signal),
  setAttestation: async (a: Attestation, everyDays: number) =>
    (await api.put<Attestation>(`/groups/${a.groupId}/attestation`, { everyDays }, version(a))).data,
};
