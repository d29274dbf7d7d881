/**
 * The organisation tree as the API returns it: the server's own route schemas
 * (src/organisations/org-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
export type {
  EffectiveOfficer as Officer,
  EndedUnit as EndResult,
  Kind,
  KindField,
  TreeNode,
  UnitDetail,
  UnitPatchBody as UnitPatch,
  UnitPerson,
  UnitSummary,
} from '../../../src/organisations/org-schemas.ts';
export type { CascadeNeeded } from '../../../src/organisations/unit-end.ts';
