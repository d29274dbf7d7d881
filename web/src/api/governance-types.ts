/**
 * Membership governance as the API returns it: the server's own route schemas (src/governance/*-schemas.ts), imported
 * as types only, so no server code reaches the bundle.
 */
export type { Principal, SecurityLevel } from '../../../src/platform/db/governance-tables.ts';
export type {
  DelegateViewT as Delegate,
  EffectivePolicyViewT as EffectivePolicy,
  PolicyBodyInput as PolicyInput,
  PolicyPatchInput as PolicyPatch,
  PolicyViewT as Policy,
} from '../../../src/governance/policy-schemas.ts';
export type { ExclusionInput, ExclusionViewT as Exclusion } from '../../../src/governance/exclusion-schemas.ts';
export type {
  InboxItemT as InboxItem,
  MembershipRequestInputT as MembershipRequestInput,
  MembershipRequestViewT as MembershipRequest,
  RequestCheckViewT as RequestCheck,
} from '../../../src/governance/request-schemas.ts';
export type {
  HoldViewStatic as Hold,
  ReconcileView as ReconcileResult,
  WhyView as Why,
} from '../../../src/governance/grace-schemas.ts';
export type { MemberGraceView as MemberGrace } from '../../../src/governance/member-grace-schemas.ts';

export type HoldState = 'open' | 'released' | 'discarded' | 'all';
