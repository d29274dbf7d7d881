import type { ServiceDeps } from '../platform/deps.ts';
import { createImportService } from './import-service.ts';
import { createKindService } from './kind-service.ts';
import { createOfficerService } from './officer-service.ts';
import { createUnitLifecycle } from './unit-lifecycle.ts';
import { createUnitQueries } from './unit-queries.ts';
import { createUnitService } from './unit-service.ts';

/**
 * Organisations: kinds and their custom fields, the unit tree, officers and their
 * inheritance, renames, moves, ends with cascade, and the CSV importer.
 */
export function createOrgService(deps: ServiceDeps) {
  const kinds = createKindService(deps);
  const units = createUnitService(deps);
  const queries = createUnitQueries(deps);
  const lifecycle = createUnitLifecycle(deps);
  const officers = createOfficerService(deps);
  const imports = createImportService(deps);
  return {
    listKinds: kinds.listKinds,
    getKind: kinds.getKind,
    createKind: kinds.createKind,
    updateKind: kinds.updateKind,
    createUnit: units.createUnit,
    getUnit: units.getUnit,
    listUnits: queries.listUnits,
    tree: queries.tree,
    people: queries.people,
    updateUnit: lifecycle.updateUnit,
    moveUnit: lifecycle.moveUnit,
    endUnit: lifecycle.endUnit,
    listOfficers: officers.listOfficers,
    addOfficer: officers.addOfficer,
    removeOfficer: officers.removeOfficer,
    importOrgs: imports.importOrgs,
  };
}

export type OrgService = ReturnType<typeof createOrgService>;
