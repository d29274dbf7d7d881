import type { ServiceDeps } from '../platform/deps.ts';
import { createEffectiveService } from './effective-service.ts';
import { createFolderService } from './folder-service.ts';
import { createGroupService } from './group-service.ts';
import { createMembershipDates } from './membership-dates.ts';
import { createMembershipService, type MembershipHooks } from './membership-service.ts';
import { createPrivilegeService } from './privilege-service.ts';
import { createRuleFollower } from './rule-follower.ts';

/** Groups (C6): folders, groups, memberships with dates, effective memberships, privileges, rule groups. */
export function createGroupServices(deps: ServiceDeps, hooks: MembershipHooks = {}) {
  return {
    folders: createFolderService(deps),
    groups: createGroupService(deps),
    members: createMembershipService(deps, hooks),
    effective: createEffectiveService(deps),
    privileges: createPrivilegeService(deps),
    dates: createMembershipDates(deps),
    rules: createRuleFollower(deps),
  };
}

export type GroupServices = ReturnType<typeof createGroupServices>;
