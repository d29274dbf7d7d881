/** The person registry as the API returns it (src/registry/person-schemas.ts). */
export interface Email {
  address: string;
  label?: string;
}

export interface Phone {
  number: string;
  label?: string;
}

export interface Identifier {
  kind: string;
  scope: string;
  value: string;
}

export interface Affiliation {
  id: number;
  personId: number;
  orgId: number;
  orgCode: string;
  orgName: string;
  kind: string;
  title: string | null;
  source: string;
  validFrom: string | null;
  validTo: string | null;
  current: boolean;
  version: number;
}

export interface Person {
  id: number;
  givenName: string;
  middleName: string | null;
  familyName: string;
  preferredName: string | null;
  displayName: string;
  birthDate: string | null;
  emails: Email[];
  phones: Phone[];
  identifiers: Identifier[];
  affiliations: Affiliation[];
  state: 'active' | 'merged';
  mergedInto: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonSummary {
  id: number;
  displayName: string;
  givenName: string;
  middleName: string | null;
  familyName: string;
  preferredName: string | null;
  birthDate: string | null;
  state: 'active' | 'merged';
  emails: string[];
  identifiers: Identifier[];
}

export interface DuplicateCandidate {
  person: PersonSummary;
  score: number;
  reasons: string[];
}

export interface SearchHit {
  person: PersonSummary;
  score: number;
  match: 'identifier' | 'email' | 'name';
  matched: string;
}

/** What the create and edit forms send. */
export interface PersonInput {
  givenName: string;
  middleName: string | null;
  familyName: string;
  preferredName: string | null;
  birthDate: string | null;
  emails: Email[];
  phones: Phone[];
}

export interface IdentifierInput {
  kind: string;
  scope?: string;
  value: string;
}

export interface AffiliationInput {
  orgId: number;
  kind: string;
  title?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
}

export type MintableKind = 'id-number' | 'username' | 'email';
