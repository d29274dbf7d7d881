import type { ServiceDeps } from '../platform/deps.ts';
import type { MailLinks } from './grace-mail.ts';
import { createHoldService } from './hold-service.ts';
import { createMemberGraceService } from './member-grace-service.ts';
import { createReconcileService } from './reconcile-service.ts';
import { createWhyService } from './why-service.ts';

export { endWithNotice, type EndResult, type EndWhy } from './grace-end-apply.ts';

/**
 * Governance (C8), losing eligibility: the stateful reconcile (full and incremental passes),
 * mass-loss holds, and a membership's "why". `endWithNotice` ends a membership through the same
 * grace-and-notice path from another use case's unit of work (access reviews).
 */
export function createGraceServices(deps: ServiceDeps, links: MailLinks = {}) {
  return {
    reconcile: createReconcileService(deps, links),
    holds: createHoldService(deps),
    why: createWhyService(deps),
    memberGrace: createMemberGraceService(deps),
  };
}

export type GraceServices = ReturnType<typeof createGraceServices>;
