import type {
  EffectiveView,
  FolderDetail,
  FolderListing,
  FolderView,
  GroupDetail,
  GroupView,
  HistoryView,
  MembershipView,
  PrivilegeView,
} from '../../../src/groups/group-schemas.ts';
import { api } from '../api/client.ts';

/** The group and folder shapes the web UI reads (the Static types of the server's route schemas). */
export type Folder = FolderView;
export type Group = GroupView;
export type Listing = FolderListing;
export type Membership = MembershipView;
export type EffectiveMember = EffectiveView;
export type Privilege = PrivilegeView;
export type HistoryEntry = HistoryView;
export type { FolderDetail, GroupDetail };

/** Every call the web UI makes about groups and folders. */
export const groupsApi = {
  browse: (parentId: number | null, signal?: AbortSignal) => api.get<Listing>('/folders', { parentId }, signal),
  createFolder: (body: { parentId: number | null; extension: string; description?: string }) =>
    api.post<Folder>('/folders', body),
  createGroup: (body: Record<string, unknown>) => api.post<Group>('/groups', body),
  group: (id: number, signal?: AbortSignal) => api.get<GroupDetail>(`/groups/${id}`, undefined, signal),
  byName: (name: string, signal?: AbortSignal) =>
    api.get<GroupDetail>(`/groups/by-name/${encodeURIComponent(name)}`, undefined, signal),
  direct: (id: number, signal?: AbortSignal) => api.get<Membership[]>(`/groups/${id}/members`, undefined, signal),
  effective: (id: number, signal?: AbortSignal) =>
    api.get<EffectiveMember[]>(`/groups/${id}/members/effective`, { all: true }, signal),
  addMember: (id: number, body: Record<string, unknown>) => api.post<Membership>(`/groups/${id}/members`, body),
  removeMember: (id: number, membershipId: number) => api.del(`/groups/${id}/members/${membershipId}`),
  privileges: (id: number, signal?: AbortSignal) => api.get<Privilege[]>(`/groups/${id}/privileges`, undefined, signal),
  grant: (id: number, body: Record<string, unknown>) => api.post<Privilege>(`/groups/${id}/privileges`, body),
  revoke: (id: number, privilegeId: number) => api.del(`/groups/${id}/privileges/${privilegeId}`),
  history: (id: number, signal?: AbortSignal) => api.get<HistoryEntry[]>(`/groups/${id}/history`, undefined, signal),
};

/** A datetime-local input's value as an ISO instant (the browser's time zone), or null when empty. */
export function instant(local: string): string | null {
  return local ? new Date(local).toISOString() : null;
}
