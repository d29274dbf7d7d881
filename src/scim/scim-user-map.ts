import { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import { type ScimPersonExtras, type ScimPersonRow, scimDisplayName, scimFormattedName } from './scim-person-row.ts';

export type { ScimPersonExtras } from './scim-person-row.ts';

/** The weak ETag of a person's version, as `meta.version` and the ETag header carry it (RFC 7644 §3.14). */
export const weakEtag = (version: number) => `W/"${version}"`;

/**
 * A Steward person as a SCIM User (RFC 7643 §4.1) with the enterprise extension (§4.3: employeeNumber, department
 * = the primary affiliation's unit, organization = the top of its tree; no manager) and the Steward extension.
 * Pure: `base` is the service's URL (…/scim/v2).
 */
export function toScimUser(row: ScimPersonRow, extras: ScimPersonExtras, base: string): Record<string, unknown> {
  const primary = extras.affiliations[0];
  const enterprise = {
    ...(row.employeeNumber ? { employeeNumber: row.employeeNumber } : {}),
    ...(primary ? { department: primary.orgName } : {}),
    ...(extras.organization ? { organization: extras.organization } : {}),
  };
  const multi = (items: { value: string; label?: string }[]) =>
    items.map((e, i) => ({ value: e.value, ...(e.label ? { type: e.label } : {}), primary: i === 0 }));
  return {
    schemas: [CORE_USER, ...(Object.keys(enterprise).length ? [ENTERPRISE_USER] : []), STEWARD_PERSON],
    id: String(row.id),
    userName: row.userName,
    name: {
      formatted: scimFormattedName(row),
      familyName: row.familyName,
      givenName: row.givenName,
      ...(row.middleName ? { middleName: row.middleName } : {}),
    },
    displayName: scimDisplayName(row),
    ...(row.emails.length ? { emails: multi(row.emails.map((e) => ({ value: e.address, label: e.label }))) } : {}),
    ...(row.phones.length ? { phoneNumbers: multi(row.phones.map((e) => ({ value: e.number, label: e.label }))) } : {}),
    active: row.active,
    ...(Object.keys(enterprise).length ? { [ENTERPRISE_USER]: enterprise } : {}),
    [STEWARD_PERSON]: {
      statuses: extras.statuses,
      ...(primary ? { primaryOrgUnit: primary.orgCode } : {}),
      affiliations: extras.affiliations,
      identifiers: extras.identifiers,
    },
    meta: {
      resourceType: 'User',
      created: row.created.toISOString(),
      lastModified: row.lastModified.toISOString(),
      location: `${base}/Users/${row.id}`,
      version: weakEtag(row.version),
    },
  };
}
