import type { ServiceDeps } from '../../platform/deps.ts';
import { createDecisionService } from './decision-service.ts';
import type { MailLinks } from './request-mail.ts';
import { createRequestReportService } from './request-reports.ts';
import { createRequestService } from './request-service.ts';

/** Guest requests (C5, stories 1–3): submitting, the approval chain and inbox, decisions, the waiting report. */
export function createGuestRequestServices(deps: ServiceDeps, links: MailLinks = {}) {
  return {
    requests: createRequestService(deps, links),
    decisions: createDecisionService(deps, links),
    reports: createRequestReportService(deps),
  };
}

export type GuestRequestServices = ReturnType<typeof createGuestRequestServices>;
