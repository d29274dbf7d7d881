/** The organisation tree as the API returns it (src/organisations/*). */
export interface UnitSummary {
  id: number;
  code: string;
  kind: string;
  name: string;
  abbreviation: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** Valid on the server's date. */
  current: boolean;
}

export interface UnitView extends UnitSummary {
  altNames: string[];
  parentId: number | null;
  path: string;
  custom: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

export interface Officer {
  id: number;
  orgId: number;
  personId: number;
  personName: string;
  function: 'administrator' | 'approver';
  roleName: string;
  createdAt: string;
  /** The ancestor it is inherited from, or null for the unit's own. */
  inheritedFrom: UnitRef | null;
}

export interface UnitCounts {
  descendants: number;
  currentDescendants: number;
  currentAffiliations: number;
  currentPeople: number;
}

export interface UnitDetail extends UnitView {
  ancestors: UnitSummary[];
  children: UnitSummary[];
  officers: Officer[];
  counts: UnitCounts;
}

export interface TreeNode extends UnitSummary {
  parentId: number | null;
  path: string;
  childCount: number;
  children: TreeNode[];
}

export interface KindField {
  name: string;
  label?: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'email' | 'enum';
  required?: boolean;
  default?: unknown;
  options?: string[];
}

export interface Kind {
  kind: string;
  label: string;
  fields: KindField[];
  units: number;
  version: number;
}

/** What the edit form sends; custom values are merged into the stored ones, null clears one. */
export interface UnitPatch {
  name?: string;
  abbreviation?: string | null;
  altNames?: string[];
  validFrom?: string | null;
  custom?: Record<string, unknown>;
}

export interface EndResult {
  unit: UnitDetail;
  endedUnits: number;
  endedAffiliations: number;
}

/** A cascade-required answer: how many units and affiliations outlive the end date, and the first few of each. */
export interface CascadeNeeded {
  counts: { units: number; affiliations: number };
  affected: {
    units: { id: number; code: string; name: string; validTo: string | null }[];
    affiliations: { id: number; personId: number; name: string; orgId: number; orgCode: string; kind: string; validTo: string | null }[];
  };
}

/** A person with a current affiliation to a unit (or below it), from GET /orgs/:id/people. */
export interface UnitPerson {
  id: number;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  affiliations: { id: number; orgId: number; orgCode: string; orgName: string; kind: string; title: string | null; validFrom: string | null; validTo: string | null }[];
}
