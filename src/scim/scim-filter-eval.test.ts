import { describe, expect, it } from 'vitest';
import { matchesFilter } from './scim-filter-eval.ts';
import { parseScimFilter } from './scim-filter-rules.ts';
import type { ScimPersonRow } from './scim-person-row.ts';

const row: ScimPersonRow = {
  id: 12,
  userName: 'bjensen',
  givenName: 'Barbara',
  middleName: null,
  familyName: "O'Malley",
  preferredName: 'Babs',
  emails: [
    { address: 'bjensen@example.com', label: 'work' },
    { address: 'babs@jensen.org', label: 'home' },
  ],
  phones: [],
  active: true,
  created: new Date('2010-01-23T04:56:22Z'),
  lastModified: new Date('2011-05-13T04:42:34Z'),
  version: 3,
  employeeNumber: '701984',
};
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const STEWARD = 'urn:ietf:params:scim:schemas:extension:steward:2.0:Person';
const m = (f: string) => matchesFilter(parseScimFilter(f), row);

describe('the meaning of a SCIM filter (RFC 7644 §3.4.2.2)', () => {
  it('compares userName and emails case-insensitively, id and employeeNumber exactly', () => {
    expect(m('userName eq "BJensen"')).toBe(true);
    expect(m('emails co "EXAMPLE.COM"')).toBe(true);
    expect(m('id eq "12"')).toBe(true);
    expect(m('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber sw "70"')).toBe(true);
  });
  it('holds a [filter] on one element, not across elements', () => {
    expect(m('emails[type eq "work" and value co "@example.com"]')).toBe(true);
    expect(m('emails[type eq "home" and value co "@example.com"]')).toBe(false);
    expect(m('emails[type eq "home"] and emails[value co "@example.com"]')).toBe(true);
    expect(m('emails.primary eq true and emails[primary eq true and type eq "work"]')).toBe(true);
  });
  it('treats absent values: pr false, ne and eq null true, every other comparison false', () => {
    expect(m('name.middleName pr')).toBe(false);
    expect(m('name.middleName eq null')).toBe(true);
    expect(m('name.middleName ne "x"')).toBe(true);
    expect(m('name.middleName lt "zzz"')).toBe(false);
    expect(m('not (name.middleName lt "zzz")')).toBe(true);
    expect(m('phoneNumbers pr')).toBe(false);
    expect(m('title pr or userType eq "Employee"')).toBe(false);
  });
  it('compares dateTimes as instants and derived names as the registry shows them', () => {
    expect(m('meta.lastModified ge "2011-05-13T06:42:34+02:00"')).toBe(true);
    expect(m('meta.created gt "2011-05-13T04:42:34Z"')).toBe(false);
    expect(m(`displayName eq "Babs O'Malley"`)).toBe(true);
    expect(m(`name.formatted ew "barbara o'malley"`)).toBe(true);
  });
  it('reads schemas, department, organization and the Steward extension from what the User shows', () => {
    const staff = {
      ...row,
      employeeNumber: null,
      extras: {
        identifiers: [{ kind: 'username', scope: '', value: 'bjensen' }],
        affiliations: [
          { kind: 'staff', title: 'Guide', orgCode: 'CHEM', orgName: 'Chemistry', validFrom: null, validTo: null },
        ],
        statuses: [{ name: 'Employee', start: '2020-01-01', end: null }],
        organization: 'Sciences',
      },
    };
    const s = (f: string) => matchesFilter(parseScimFilter(f), staff);
    expect(s(`schemas eq "${ENTERPRISE}"`)).toBe(true);
    expect(m(`schemas eq "${ENTERPRISE}"`)).toBe(true); // the employee number alone shows the extension
    expect(matchesFilter(parseScimFilter(`schemas eq "${ENTERPRISE}"`), { ...row, employeeNumber: null })).toBe(false);
    expect(s(`${ENTERPRISE}:department eq "chemistry" and ${ENTERPRISE}:organization sw "Sci"`)).toBe(true);
    expect(s(`${STEWARD}:primaryOrgUnit eq "chem"`)).toBe(false); // caseExact
    expect(s(`${STEWARD}:affiliations[kind eq "staff" and orgCode eq "CHEM"]`)).toBe(true);
    expect(s(`${STEWARD}:statuses.name eq "employee" and ${STEWARD}:statuses.end eq null`)).toBe(true);
    expect(s(`${STEWARD}:identifiers[kind eq "username" and value eq "bjensen"]`)).toBe(true);
  });
  it('refuses unknown attributes, wrong types and malformed filters as invalidFilter', () => {
    for (const f of [
      'shoeSize eq 9',
      'active co "t"',
      'userName eq true',
      'meta.created gt "soon"',
      'userName eq',
      'emails[type eq "work"',
      'userName[value eq "x"]',
      `${STEWARD}:affiliations co "staff"`,
    ])
      expect(() => m(f), f).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidFilter' }));
  });
});
