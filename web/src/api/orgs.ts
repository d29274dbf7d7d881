import { api } from './client.ts';
import type {
  AppointedOfficer,
  EndBody,
  EndResult,
  Kind,
  MoveBody,
  OfficerInput,
  TreeNode,
  UnitDetail,
  UnitPage,
  UnitPatch,
  UnitPeoplePage,
} from './org-types.ts';

/** Every call the web UI makes to the organisation tree, in one place. */
export const orgsApi = {
  tree: (root?: number, signal?: AbortSignal) => api.get<TreeNode[]>('/orgs/tree', { root, depth: 1 }, signal),
  get: (id: number, signal?: AbortSignal) => api.getTagged<UnitDetail>(`/orgs/${id}`, undefined, signal),
  search: (q: string, signal?: AbortSignal) => api.get<UnitPage>('/orgs', { q, limit: 20 }, signal),
  people: (id: number, subtree: boolean, offset: number, signal?: AbortSignal) =>
    api.get<UnitPeoplePage>(`/orgs/${id}/people`, { subtree, limit: 50, offset }, signal),
  kinds: (signal?: AbortSignal) => api.get<Kind[]>('/org-kinds', undefined, signal),
  update: (id: number, patch: UnitPatch, etag: string) => api.patch<UnitDetail>(`/orgs/${id}`, patch, etag),
  move: (id: number, parentId: number, reason: string | undefined, etag: string) =>
    api.postTagged<UnitDetail>(
      `/orgs/${id}/move`,
      { parentId, ...(reason ? { reason } : {}) } satisfies MoveBody,
      etag,
    ),
  end: (id: number, validTo: string, cascade: boolean, reason: string, etag: string) =>
    api.postTagged<EndResult>(`/orgs/${id}/end`, { validTo, cascade, reason } satisfies EndBody, etag),
  appoint: (id: number, officer: OfficerInput) => api.post<AppointedOfficer>(`/orgs/${id}/officers`, officer),
  dismiss: (id: number, officerId: number) => api.del(`/orgs/${id}/officers/${officerId}`),
};
