import type {
  App,
  AppBody,
  AssignBody,
  Assignment,
  CheckBody,
  Count,
  Decision,
  Limit,
  PermissionBody,
  Resource,
  ResourceBody,
  Role,
  RoleBody,
} from '../../../src/access/access-schemas.ts';
import type { TreeNode } from '../api/org-types.ts';
import { api } from '../api/client.ts';

/** The access shapes as the server defines them. */
export type AccessApp = App;
export type AccessResource = Resource;
export type AccessRole = Role;
export type AccessAssignment = Assignment;
export type AccessCount = Count;
export type AccessDecision = Decision;
export type NewApp = AppBody;
export type NewResource = ResourceBody;
export type NewRole = RoleBody;
export type NewPermission = PermissionBody;
export type AccessLimit = Limit;

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
  assign: (body: AssignBody) => api.post<AccessAssignment[]>('/access/assignments', body),
  revoke: (id: number) => api.del(`/access/assignments/${id}`),
  check: (body: CheckBody) => api.post<AccessDecision>('/check', body),
  units: async (signal?: AbortSignal) => flatten(await api.get<TreeNode[]>('/orgs/tree', { depth: 20 }, signal)),
};

export interface UnitOption {
  id: number;
  code: string;
  name: string;
  depth: number;
  /** The unit's id and its ancestors' ids. */
  lineage: number[];
}

function flatten(nodes: TreeNode[], above: number[] = [], out: UnitOption[] = []): UnitOption[] {
  for (const n of nodes) {
    const lineage = [...above, n.id];
    out.push({ id: n.id, code: n.code, name: n.name, depth: above.length, lineage });
    flatten(n.children as TreeNode[], lineage, out);
  }
  return out;
}

/** The units at or below one of `roots` (the server's answer to where the caller may assign); null: every unit. */
export function unitsUnder(all: UnitOption[], roots: number[] | null): UnitOption[] {
  return roots === null ? all : all.filter((u) => u.lineage.some((id) => roots.includes(id)));
}
