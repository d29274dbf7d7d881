import { api } from '../api/client.ts';

/** The group and folder shapes the web UI reads, and every call it makes about them. */
export interface Folder {
  id: number;
  name: string;
  extension: string;
  parentId: number | null;
  displayName: string | null;
  description: string;
  version: number;
  privileges?: string[];
}
export interface Group {
  id: number;
  name: string;
  extension: string;
  folderId: number;
  displayName: string | null;
  description: string;
  kind: 'basic' | 'composite' | 'rule';
  composite: { op: string; leftId: number; rightId: number; leftName: string; rightName: string } | null;
  rule: unknown;
  version: number;
  createdAt: string;
  updatedAt: string;
  privileges?: string[];
}
export interface Listing {
  folder: Folder | null;
  folders: Folder[];
  groups: Group[];
}
export interface Membership {
  id: number;
  groupId: number;
  personId: number | null;
  personName: string | null;
  memberGroupId: number | null;
  memberGroupName: string | null;
  reason: string | null;
  ticket: string | null;
  requestedBy: string | null;
  approvedBy: string | null;
  addedBy: string;
  addedAt: string;
  enabledFrom: string | null;
  disabledAt: string | null;
  version: number;
  countsNow?: boolean;
}
export interface EffectiveMember {
  personId: number;
  personName: string;
  validFrom: string | null;
  validUntil: string | null;
  why: { membership: Membership | null; path: Array<{ id: number; name: string }>; rule: boolean };
}
export interface Privilege {
  id: number;
  privilege: string;
  personId: number | null;
  personName: string | null;
  subjectGroupId: number | null;
  subjectGroupName: string | null;
  grantedBy: string;
  grantedAt: string;
}
export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  event: string;
  membershipId: number | null;
  personId: number | null;
  boundaryAt: string | null;
}

export const groupsApi = {
  browse: (parentId: number | null, signal?: AbortSignal) => api.get<Listing>('/folders', { parentId }, signal),
  createFolder: (body: { parentId: number | null; extension: string; description?: string }) =>
    api.post<Folder>('/folders', body),
  createGroup: (body: Record<string, unknown>) => api.post<Group>('/groups', body),
  group: (id: number, signal?: AbortSignal) => api.get<Group>(`/groups/${id}`, undefined, signal),
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
