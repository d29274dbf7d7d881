import type { WaitingByApproverReport } from '../../../src/guests/requests/request-reports.ts';
import type { RequestStepView, RequestView } from '../../../src/guests/requests/request-store.ts';
import { api } from './client.ts';

/** Guest requests as the server returns them (the server's own types). */
export type { RequestStepView, RequestView, WaitingByApproverReport };

export interface RequestableType {
  name: string;
  label: string;
  services: ('id-card' | 'it-account' | 'email')[];
  reasons: string[];
  maxDays: number;
  defaultDays: number | null;
  sponsorRequired: boolean;
  orgSubtree: string | null;
  orgSubtreePath: string | null;
}

export interface RequestOptions {
  today: string;
  types: RequestableType[];
  units: { id: number; code: string; name: string; path: string }[];
}

export interface DuplicateHint {
  personId: number;
  displayName: string;
  birthYear: number | null;
  score: number;
  reasons: string[];
  currentGuest: string[];
}

export interface NewRequestBody {
  type: string;
  personId?: number | null;
  givenName?: string;
  familyName?: string;
  email?: string;
  birthDate?: string | null;
  hostOrgId?: number | null;
  reason?: string | null;
  services: string[];
  validFrom: string;
  validTo: string;
}

const path = (id: number) => `/guests/requests/${id}`;

/** Every call the web UI makes about guest requests. */
export const guestRequestsApi = {
  options: (signal?: AbortSignal) => api.get<RequestOptions>('/guests/request-options', undefined, signal),
  hints: (body: { givenName: string; familyName: string; email?: string; birthDate?: string | null }) =>
    api.post<DuplicateHint[]>('/guests/duplicate-hints', body),
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
