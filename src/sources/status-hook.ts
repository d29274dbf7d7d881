import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { refreshPeople } from '../status/status-store.ts';

/**
 * THE ONE CALL SITE where the reconciler asks for the statuses of the people a batch
 * touched to be brought up to date, inside the batch's transaction (so statuses commit, or
 * not, with the affiliations that cause them). Snapshots, single-record updates and review
 * resolutions all reach it through `applyRecords`.
 */
export async function refreshStatusOf(uow: UnitOfWork, personIds: readonly number[], reason?: string): Promise<void> {
  if (personIds.length) await refreshPeople(uow, personIds, { reason });
}
