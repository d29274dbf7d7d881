/**
 * The organisation tree as the API returns it: the server's own route schemas
 * (src/organisations/org-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
export type {
  EffectiveOfficer as Officer,
  EndBody,
  EndedUnit as EndResult,
  Kind,
  KindField,
  MoveBody,
  NewOfficerBody as OfficerInput,
  Officer as AppointedOfficer,
  TreeNode,
  UnitDetail,
  UnitPage,
  UnitPatchBody as UnitPatch,
  UnitPeoplePage,
  UnitPerson,
  UnitSummary,
} from '../../../src/organisations/org-schemas.ts';
export type { CascadeNeeded } from '../../../src/organisations/unit-end.ts';
