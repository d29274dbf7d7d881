import type { EmailAddress, PhoneNumber } from '../platform/db/schema.ts';

/**
 * What the SCIM service reads of a person for filtering, sorting and the core User: one row of `people` with its
 * derived values (userName, active, employeeNumber). The filter compiler and the in-memory evaluator both read this.
 */
export interface ScimPersonRow {
  id: number;
  /** The person's `username` identifier, or `person-<id>` when they hold none (stable: ids are never reused). */
  userName: string;
  givenName: string;
  middleName: string | null;
  familyName: string;
  preferredName: string | null;
  emails: EmailAddress[];
  phones: PhoneNumber[];
  /** Holds a status today or has a current affiliation. */
  active: boolean;
  created: Date;
  lastModified: Date;
  version: number;
  /** The person's `employee-number` identifier, if any. */
  employeeNumber: string | null;
  /** The externalId the reading SCIM client gave this person (its record's `external-id`), if any. */
  externalId?: string | null;
  /**
   * What the Steward extension, `department`, `organization` and `schemas` are read from; the in-memory filter rule
   * needs it for those attributes (absent: no identifiers, affiliations or statuses).
   */
  extras?: ScimPersonExtras;
}

/** What a User shows besides the row: the person's identifiers, current affiliations and statuses. */
export interface ScimPersonExtras {
  identifiers: { kind: string; scope: string; value: string }[];
  /** Current affiliations, the primary one (the earliest begun) first. */
  affiliations: {
    kind: string;
    title: string | null;
    orgCode: string;
    orgName: string;
    validFrom: string | null;
    validTo: string | null;
  }[];
  statuses: { name: string; start: string | null; end: string | null }[];
  /** The name of the top unit of the primary affiliation's tree (the enterprise `organization`). */
  organization: string | null;
}

/** The identifier kinds SCIM reads: `userName` and the enterprise `employeeNumber`. */
export const USERNAME_KIND = 'username';
export const EMPLOYEE_NUMBER_KIND = 'employee-number';

/** `displayName`: the preferred name (else the given name), then the family name — as the registry shows it. */
export function scimDisplayName(row: Pick<ScimPersonRow, 'givenName' | 'preferredName' | 'familyName'>): string {
  return [row.preferredName || row.givenName, row.familyName].filter(Boolean).join(' ');
}

/** `name.formatted`: given, middle and family name. */
export function scimFormattedName(row: Pick<ScimPersonRow, 'givenName' | 'middleName' | 'familyName'>): string {
  return [row.givenName, row.middleName, row.familyName].filter(Boolean).join(' ');
}
