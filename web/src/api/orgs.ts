import { api } from './client.ts';
import type {
  EndResult,
  Kind,
  Officer,
  TreeNode,
  UnitDetail,
  UnitPatch,
  UnitPerson,
  UnitSummary,
} from './org-types.ts';

/** Every call the web UI makes to the organisation tree, in one place. */
export const orgsApi = {
  tree: (root?: number, signal?: AbortSignal) => api.get<TreeNode[]>('/orgs/tree', { root, depth: 1 }, signal),
  get: (id: number, signal?: AbortSignal) => api.getTagged<UnitDetail>(`/orgs/${id}`, undefined, signal),
  search: (q: string, signal?: AbortSignal) =>
    api.get<{ total: number; items: UnitSummary[] }>('/orgs', { q, limit: 20 }, signal),
  people: (id: number, subtree: boolean, offset: number, signal?: AbortSignal) =>
    api.get<{ total: number; items: UnitPerson[] }>(`/orgs/${id}/people`, { subtree, limit: 50, offset }, signal),
  kinds: (signal?: AbortSignal) => api.get<Kind[]>('/org-kinds', undefined, signal),
  update: (id: number, patch: UnitPatch, etag: string) => api.patch<UnitDetail>(`/orgs/${id}`, patch, etag),
  move: (id: number, parentId: number, reason: string | undefined, etag: string) =>
    api.postTagged<UnitDetail>(`/orgs/${id}/move`, { parentId, ...(reason ? { reason } : {}) }, etag),
  end: (id: number, validTo: string, cascade: boolean, reason: string, etag: string) =>
    api.postTagged<EndResult>(`/orgs/${id}/end`, { validTo, cascade, reason }, etag),
  appoint: (id: number, officer: { personId: number; function: Officer['function']; roleName: string }) =>
    api.post<Omit<Officer, 'inheritedFrom'>>(`/orgs/${id}/officers`, officer),
  dismiss: (id: number, officerId: number) => api.del(`/orgs/${id}/officers/${officerId}`),
};
