import type { Static } from 'typebox';
import type {
  App,
  AppBody,
  Assignment,
  Count,
  Decision,
  PermissionBody,
  Resource,
  ResourceBody,
  Role,
  RoleBody,
} from '../../../src/access/access-schemas.ts';
import type { TreeNode } from '../api/org-types.ts';
import { api } from '../api/client.ts';

/** The access shapes as the server defines them. */
export type AccessApp = Static<typeof App>;
export type AccessResource = Static<typeof Resource>;
export type AccessRole = Static<typeof Role>;
export type AccessAssignment = Static<typeof Assignment>;
export type AccessCount = Static<typeof Count>;
export type AccessDecision = Static<typeof Decision>;
export type NewApp = Static<typeof AppBody>;
export type NewResource = Static<typeof ResourceBody>;
export type NewRole = Static<typeof RoleBody>;
export type NewPermission = Static<typeof PermissionBody>;
export type AccessLimit = NewPermission['limits'] extends (infer L)[] | undefined ? L : never;

export interface AssignRequest {
  roleId: number;
  subjects: { type: 'person' | 'group'; id: number }[];
  scopes: { kind: 'org' | 'everywhere' | 'affiliation'; orgId?: number }[];
  enabledFrom?: string | null;
  enabledUntil?: string | null;
  reason?: string | null;
}

const app = (name: string) => `/access/applications/${encodeURIComponent(name)}`;

/** Every call the web UI makes about applications, resources, roles, permissions, assignments and decisions. */
export const accessApi = {
  apps: (signal?: AbortSignal) => api.get<AccessApp[]>('/access/applications', undefined, signal),
  app: (name: string, signal?: AbortSignal) => api.get<AccessApp>(app(name), undefined, signal),
  resources: (name: string, signal?: AbortSignal) =>
    api.get<AccessResource[]>(`${app(name)}/resources`, undefined, signal),
  roles: (name: string, signal?: AbortSignal) => api.get<AccessRole[]>(`${app(name)}/roles`, undefined, signal),
  createApp: (body: NewApp) => api.post<AccessApp>('/access/applications', body),
  createResource: (name: string, body: NewResource) => api.post<AccessResource>(`${app(name)}/resources`, body),
  createRole: (name: string, body: NewRole) => api.post<AccessRole>(`${app(name)}/roles`, body),
  addPermission: (roleId: number, body: NewPermission) =>
    api.post<AccessRole>(`/access/roles/${roleId}/permissions`, body),
  counts: (name: string, signal?: AbortSignal) =>
    api.get<AccessCount[]>('/access/counts', { application: name }, signal),
  assignments: (roleId: number, signal?: AbortSignal) =>
    api.get<AccessAssignment[]>('/access/assignments', { roleId }, signal),
  assign: (body: AssignRequest) => api.post<AccessAssignment[]>('/access/assignments', body),
  revoke: (id: number) => api.del(`/access/assignments/${id}`),
  check: (body: {
    subject: { type: 'person' | 'group'; id: number };
    application: string;
    action: string;
    resource: string;
    scope?: string | null;
    at?: string | null;
  }) => api.post<AccessDecision>('/check', body),
  units: async (signal?: AbortSignal) => flatten(await api.get<TreeNode[]>('/orgs/tree', { depth: 20 }, signal)),
};

export interface UnitOption {
  id: number;
  code: string;
  name: string;
  path: string;
  depth: number;
}

function flatten(nodes: TreeNode[], depth = 0, out: UnitOption[] = []): UnitOption[] {
  for (const n of nodes) {
    out.push({ id: n.id, code: n.code, name: n.name, path: n.path, depth });
    flatten(n.children as TreeNode[], depth + 1, out);
  }
  return out;
}
