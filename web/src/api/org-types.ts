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

/** What the edit form sends. */
export interface UnitPatch {
  name?: string;
  abbreviation?: string | null;
  altNames?: string[];
  validFrom?: string | null;
  validTo?: string | null;
  custom?: Record<string, unknown>;
  reason?: string;
}

/** What a cascade-required answer lists: the units (and other things) that would end too. */
export interface CascadeItem {
  type?: string;
  id?: number | string;
  code?: string;
  name?: string;
  validTo?: string | null;
  [extra: string]: unknown;
}
