import type { ServiceDeps } from '../platform/deps.ts';

/** Organisations: kinds, the unit tree, officers and their inheritance, moves and ends. */
export function createOrgService(deps: ServiceDeps) {
  void deps;
  return {};
}

export type OrgService = ReturnType<typeof createOrgService>;
