import type { ServiceDeps } from '../platform/deps.ts';
import { createSubjectAccountService } from './account-service.ts';
import { createExclusionService } from './exclusion-service.ts';
import { createPolicyService } from './policy-service.ts';
import { createRequestDecisionService, type InsertMembership } from './request-decision-service.ts';
import { createInboxService } from './request-inbox-service.ts';
import type { MailLinks } from './request-mail.ts';
import { createRequestCheckService } from './request-check-service.ts';
import { createMembershipRequestService } from './request-service.ts';

/**
 * Membership governance, adding members (C8, issue 14): policies and delegates, separation-of-duties pairs,
 * administrative and service accounts, membership requests with their decisions, and the one inbox. The governed
 * direct add is `governedAdds` (add-hook.ts), passed to the groups' membership service; `insertMembership` is that
 * service's insert for approved requests.
 */
export function createGovernanceAddServices(deps: ServiceDeps, links: MailLinks, insertMembership: InsertMembership) {
  return {
    policies: createPolicyService(deps),
    exclusions: createExclusionService(deps),
    accounts: createSubjectAccountService(deps),
    requests: createMembershipRequestService(deps, links),
    decisions: createRequestDecisionService(deps, links, insertMembership),
    inbox: createInboxService(deps),
    requestChecks: createRequestCheckService(deps),
  };
}

export type GovernanceAddServices = ReturnType<typeof createGovernanceAddServices>;
