import { api, send } from './client.ts';
import type {
  Delegate,
  EffectivePolicy,
  Exclusion,
  ExclusionInput,
  Hold,
  HoldState,
  InboxItem,
  MemberGrace,
  MembershipRequest,
  MembershipRequestInput,
  Policy,
  PolicyInput,
  PolicyPatch,
  ReconcileResult,
  RequestCheck,
  Why,
} from './governance-types.ts';

const policy = (id: number, rest = '') => `/governance/policies/${id}${rest}`;
const request = (id: number, rest = '') => `/governance/requests/${id}${rest}`;
const hold = (id: number, rest = '') => `/governance/holds/${id}${rest}`;
const tag = (version: number) => `"${version}"`;

/** Every call the web UI makes about membership governance, in one place. */
export const governanceApi = {
  policies: (query: { groupId?: number; folderId?: number } = {}, signal?: AbortSignal) =>
    api.get<Policy[]>('/governance/policies', query, signal),
  policy: (id: number, signal?: AbortSignal) => api.getTagged<Policy>(policy(id), undefined, signal),
  createPolicy: (input: PolicyInput) => api.post<Policy>('/governance/policies', input),
  updatePolicy: (id: number, patch: PolicyPatch, etag: string) => api.patch<Policy>(policy(id), patch, etag),
  deletePolicy: (id: number) => api.del(policy(id)),
  groupPolicy: (groupId: number, signal?: AbortSignal) =>
    api.get<EffectivePolicy>(`/groups/${groupId}/policy`, undefined, signal),
  delegates: (id: number, signal?: AbortSignal) => api.get<Delegate[]>(policy(id, '/delegates'), undefined, signal),
  addDelegate: (id: number, body: { orgId: number; personId: number }) =>
    api.post<Delegate>(policy(id, '/delegates'), body),
  removeDelegate: (id: number, delegateId: number) => api.del(policy(id, `/delegates/${delegateId}`)),

  exclusions: (signal?: AbortSignal) => api.get<Exclusion[]>('/governance/exclusions', undefined, signal),
  addExclusion: (input: ExclusionInput) => api.post<Exclusion>('/governance/exclusions', input),
  removeExclusion: (id: number) => api.del(`/governance/exclusions/${id}`),

  /** The dry run of a request (aborted when the form changes again before it answers). */
  check: async (input: MembershipRequestInput, signal?: AbortSignal) =>
    (await send<RequestCheck>('POST', '/governance/requests/check', { body: input, signal })).data,
  submit: (input: MembershipRequestInput) => api.post<MembershipRequest>('/governance/requests', input),
  request: (id: number, signal?: AbortSignal) => api.get<MembershipRequest>(request(id), undefined, signal),
  myRequests: (signal?: AbortSignal) =>
    api.get<MembershipRequest[]>('/governance/requests', { mine: true, limit: 50 }, signal),
  decide: (r: Pick<MembershipRequest, 'id' | 'version'>, action: 'approve' | 'deny' | 'withdraw', comment = '') =>
    api.post<MembershipRequest>(request(r.id, `/${action}`), { comment: comment.trim() || null }, tag(r.version)),
  inbox: (signal?: AbortSignal) => api.get<InboxItem[]>('/inbox', undefined, signal),

  memberGrace: (groupId: number, signal?: AbortSignal) =>
    api.get<MemberGrace>(`/groups/${groupId}/members/grace`, undefined, signal),
  why: (groupId: number, membershipId: number, signal?: AbortSignal) =>
    api.get<Why>(`/groups/${groupId}/members/${membershipId}/why`, undefined, signal),

  holds: (state: HoldState, signal?: AbortSignal) => api.get<Hold[]>('/governance/holds', { state }, signal),
  decideHold: (h: Pick<Hold, 'id' | 'version'>, action: 'release' | 'discard', reason: string) =>
    api.post<Hold>(hold(h.id, `/${action}`), reason.trim() ? { reason: reason.trim() } : {}, tag(h.version)),
  reconcile: (mode: 'full' | 'incremental') => api.post<ReconcileResult>('/governance/reconcile', { mode }),
};
