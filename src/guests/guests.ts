import type { ServiceDeps } from '../platform/deps.ts';
import { createGuestConfigService } from './guest-config-service.ts';
import { createGuestReportService } from './guest-reports.ts';
import { createGuestRecordService } from './guest-service.ts';
import { createGuestSweep } from './sweep.ts';

/** Guests (C5): configuration (lifecycles, types, settings), guest records, and the sweep of timed transitions. */
export function createGuestServices(deps: ServiceDeps) {
  return {
    config: createGuestConfigService(deps),
    records: createGuestRecordService(deps),
    reports: createGuestReportService(deps),
    ...createGuestSweep(deps),
  };
}

export type GuestServices = ReturnType<typeof createGuestServices>;
