import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { createAffiliationService } from './affiliation-service.ts';
import { createIdentifierService } from './identifier-service.ts';
import { createImportService } from './import-service.ts';
import { createMergeService } from './merge-service.ts';
import { createMintingService } from './minting-service.ts';
import { createPersonRecords } from './person-records.ts';
import { search } from './search.ts';
import { createSettingsService } from './settings-service.ts';

/**
 * People: create, read, update, search, duplicates, merge, identifiers, affiliations,
 * minting and CSV import.
 */
export function createPeopleService(deps: ServiceDeps) {
  const records = createPersonRecords(deps);
  const identifiers = createIdentifierService(deps, records);
  const affiliations = createAffiliationService(deps, records);
  const minting = createMintingService(deps);
  const settings = createSettingsService(deps);
  const imports = createImportService(deps);
  return {
    create: records.create,
    get: records.get,
    update: records.update,
    history: records.history,
    duplicates: records.duplicates,
    /** Typo-tolerant name search plus exact identifier/email lookup; merged records show as their survivor. */
    search: (actor: Actor, query: string, limit?: number) => search(deps.db, actor, query, limit),
    merge: createMergeService(deps).merge,
    identifiers,
    affiliations,
    mint: minting.mint,
    mintMany: minting.mintMany,
    getMintingSettings: settings.getMinting,
    putMintingSettings: settings.putMinting,
    importPeople: imports.importPeople,
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
