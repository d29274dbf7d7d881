import type { ServiceDeps } from '../platform/deps.ts';

/** People: create, read, update, search, duplicates, merge, identifiers and minting. */
export function createPeopleService(deps: ServiceDeps) {
  void deps;
  return {};
}

export type PeopleService = ReturnType<typeof createPeopleService>;
