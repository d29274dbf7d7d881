import type { ServiceDeps } from '../platform/deps.ts';
import { createAttestService } from './attest-service.ts';
import { createReviewCloseService } from './review-close-service.ts';
import { createReviewDecisionService } from './review-decision-service.ts';
import type { MailLinks } from './review-mail.ts';
import { createReviewReportService } from './review-report-service.ts';
import { createReviewService } from './review-service.ts';

/**
 * Access reviews (C8, attestation): campaigns and worklists, decisions, closing and the deadline job, reports, and
 * per-group attestation.
 */
export function createReviewServices(deps: ServiceDeps, links: MailLinks = {}) {
  return {
    campaigns: createReviewService(deps, links),
    decisions: createReviewDecisionService(deps),
    closing: createReviewCloseService(deps, links),
    reports: createReviewReportService(deps),
    attestation: createAttestService(deps),
  };
}

export type ReviewServices = ReturnType<typeof createReviewServices>;
