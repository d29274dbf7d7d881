import type {
  DuplicateHintInput,
  DuplicateHintView,
  GuestRequestView,
  RequestableType,
  RequestBodyInput,
  RequestOptions,
  RequestStepView,
  WaitingByApproverReport,
} from '../../../src/guests/requests/request-schemas.ts';
import { api } from './client.ts';

/** Guest requests as the server returns them (the server's own schema types). */
export type { RequestableType, RequestOptions, RequestStepView, WaitingByApproverReport };
/** A request as the signed-in user sees it, with what they may do with it (`abilities`). */
export type RequestView = GuestRequestView;
export type DuplicateHint = DuplicateHintView;
export type NewRequestBody = RequestBodyInput;

const path = (id: number) => `/guests/requests/${id}`;

/** Every call the web UI makes about guest requests. */
export const guestRequestsApi = {
  options: (signal?: AbortSignal) => api.get<RequestOptions>('/guests/request-options', undefined, signal),
  hints: (body: DuplicateHintInput) => api.post<DuplicateHint[]>('/guests/duplicate-hints', body),
  submit: (body: NewRequestBody) => api.post<RequestView>('/guests/requests', body),
  get: (id: number, signal?: AbortSignal) => api.getTagged<RequestView>(path(id), undefined, signal),
  mine: (signal?: AbortSignal) => api.get<RequestView[]>('/guests/requests', undefined, signal),
  inbox: (signal?: AbortSignal) => api.get<RequestView[]>('/guests/inbox', undefined, signal),
  decide: (r: Pick<RequestView, 'id' | 'version'>, action: 'approve' | 'reject' | 'withdraw', comment: string) =>
    api.post<RequestView>(`${path(r.id)}/${action}`, { comment: comment.trim() || null }, `"${r.version}"`),
  waiting: (signal?: AbortSignal) =>
    api.get<WaitingByApproverReport>('/guests/reports/waiting-by-approver', undefined, signal),
  waitingCsvUrl: '/guests/reports/waiting-by-approver?format=csv',
};
