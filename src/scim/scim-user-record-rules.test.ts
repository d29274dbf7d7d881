import { describe, expect, it } from 'vitest';
import { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import { ScimError } from './scim-errors.ts';
import { readScimUser, toAffiliationRecord } from './scim-user-record-rules.ts';

const at = {
  recordKey: 'k1',
  personKey: 'p1',
  orgCode: 'SCI',
  kind: 'staff',
  previousValidTo: null,
  today: '2026-09-01',
};
const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScimError) return { status: e.status, scimType: e.scimType, detail: e.message };
    throw e;
  }
  throw new Error('not refused');
};

describe('readScimUser', () => {
  it('reads core, enterprise and Steward attributes with any spelling of their names; primary email first', () => {
    const user = readScimUser({
      schemas: [CORE_USER],
      USERNAME: 'BJensen',
      externalId: 'ext-1',
      name: { GivenName: 'Barbara', familyName: 'Jensen', formatted: 'ignored' },
      emails: [
        { value: 'home@example.org', type: 'home' },
        { value: 'work@example.org', type: 'work', primary: true },
      ],
      displayName: 'accepted and ignored',
      [ENTERPRISE_USER]: { employeeNumber: '701984', department: 'ignored' },
      [STEWARD_PERSON]: { primaryOrgUnit: 'CHEM', affiliationKind: 'staff' },
    });
    expect(user).toMatchObject({
      userName: 'BJensen',
      externalId: 'ext-1',
      givenName: 'Barbara',
      familyName: 'Jensen',
      middleName: null,
      emails: [
        { address: 'work@example.org', label: 'work' },
        { address: 'home@example.org', label: 'home' },
      ],
      active: true,
      employeeNumber: '701984',
      orgCode: 'CHEM',
      kind: 'staff',
    });
  });

  it('refuses with the RFC scimType and names the attribute', () => {
    expect(refused(() => readScimUser({ schemas: [CORE_USER], userName: 'x', shoe: 1 }))).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      detail: expect.stringContaining('shoe'),
    });
    expect(refused(() => readScimUser({ schemas: [], userName: 'x' }))).toMatchObject({ scimType: 'invalidSyntax' });
    expect(refused(() => readScimUser({ schemas: [CORE_USER] }))).toMatchObject({
      detail: 'userName is required',
    });
    expect(refused(() => readScimUser({ schemas: [CORE_USER], userName: 'x', active: 'yes' }))).toMatchObject({
      detail: expect.stringContaining('active must be a boolean'),
    });
    expect(
      refused(() =>
        readScimUser({
          schemas: [CORE_USER],
          userName: 'x',
          emails: [
            { value: 'a', primary: true },
            { value: 'b', primary: true },
          ],
        }),
      ),
    ).toMatchObject({ detail: expect.stringContaining('one primary') });
  });

  it('ignores read-only values equal to the current User, refuses changed ones (mutability)', () => {
    const current = { id: '7', [STEWARD_PERSON]: { statuses: [], primaryOrgUnit: 'HR' } };
    const same = readScimUser(
      { schemas: [CORE_USER], id: '7', userName: 'x', [STEWARD_PERSON]: { statuses: [], primaryOrgUnit: 'HR' } },
      current,
    );
    expect(same.orgCode).toBeNull(); // what GET shows is no instruction to move the record
    expect(refused(() => readScimUser({ schemas: [CORE_USER], id: '8', userName: 'x' }, current))).toMatchObject({
      scimType: 'mutability',
    });
    expect(
      refused(() =>
        readScimUser({ schemas: [CORE_USER], userName: 'x', [STEWARD_PERSON]: { statuses: [{ name: 'x' }] } }, current),
      ),
    ).toMatchObject({ scimType: 'mutability' });
  });
});

describe('a User without a family name', () => {
  it('takes one from name.formatted, else displayName, else the userName (the registry names everyone)', () => {
    const core = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'] };
    const of = (body: Record<string, unknown>) => {
      const u = readScimUser({ ...core, ...body });
      return [u.givenName, u.familyName];
    };
    expect(of({ userName: 'bjensen', name: { formatted: 'Ms. Barbara J Jensen' } })).toEqual([
      'Ms. Barbara J',
      'Jensen',
    ]);
    expect(of({ userName: 'bjensen', displayName: 'Babs Jensen' })).toEqual(['Babs', 'Jensen']);
    expect(of({ userName: 'alice.b@example.com' })).toEqual([null, 'alice.b']);
    expect(of({ userName: 'x', name: { givenName: 'Ann', familyName: 'Lee' }, displayName: 'Z Q' })).toEqual([
      'Ann',
      'Lee',
    ]);
    expect(of({ userName: 'x', name: { givenName: 'Ann' }, displayName: 'Annie Lee' })).toEqual(['Ann', 'Lee']);
  });
});

describe('toAffiliationRecord', () => {
  const user = readScimUser({
    schemas: [CORE_USER],
    userName: 'BJensen',
    name: { givenName: ' Barbara ', familyName: 'Jensen' },
    emails: [{ value: 'BJ@Example.org' }],
    [ENTERPRISE_USER]: { employeeNumber: '701984' },
  });

  it('is the record in normal form: username lowercase, employee number an attribute, open while active', () => {
    expect(toAffiliationRecord(user, at)).toEqual({
      recordKey: 'k1',
      personKey: 'p1',
      givenName: 'Barbara',
      familyName: 'Jensen',
      email: 'bj@example.org',
      username: 'bjensen',
      kind: 'staff',
      orgCode: 'SCI',
      codes: [],
      attributes: { 'employee-number': '701984' },
    });
  });

  it('active false ends it yesterday, and keeps an earlier end it already has', () => {
    const off = { ...user, active: false };
    expect(toAffiliationRecord(off, at).validTo).toBe('2026-08-31');
    expect(toAffiliationRecord(off, { ...at, previousValidTo: '2026-05-01' }).validTo).toBe('2026-05-01');
  });

  it('a field the source refuses is invalidValue naming the SCIM attribute', () => {
    expect(refused(() => toAffiliationRecord({ ...user, userName: 'no spaces allowed' }, at))).toMatchObject({
      scimType: 'invalidValue',
      detail: expect.stringMatching(/^userName /),
    });
  });
});
