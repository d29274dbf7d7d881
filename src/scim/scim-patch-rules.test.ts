import { describe, expect, it } from 'vitest';
import { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import { ScimError } from './scim-errors.ts';
import { canonicalPath, PATCH_OP, readPatch } from './scim-patch-rules.ts';

const body = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const scimTypeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScimError) return e.scimType;
    throw e;
  }
  return 'accepted';
};

describe('canonicalPath', () => {
  it('spells attribute names as the schema does, strips the core URN, keeps value filters', () => {
    expect(canonicalPath('USERNAME')).toBe('userName');
    expect(canonicalPath(`${CORE_USER}:name.givenname`)).toBe('name.givenName');
    expect(canonicalPath('emails[type eq "work"].VALUE')).toBe('emails[type eq "work"].value');
    expect(canonicalPath(`${ENTERPRISE_USER.toLowerCase()}:employeenumber`)).toBe(`${ENTERPRISE_USER}:employeeNumber`);
  });

  it('refuses unknown attributes (invalidPath) and read-only ones (mutability)', () => {
    expect(scimTypeOf(() => canonicalPath('shoeSize'))).toBe('invalidPath');
    expect(scimTypeOf(() => canonicalPath('name.shoe'))).toBe('invalidPath');
    expect(scimTypeOf(() => canonicalPath('emails[type eq "work"'))).toBe('invalidPath');
    expect(scimTypeOf(() => canonicalPath('id'))).toBe('mutability');
    expect(scimTypeOf(() => canonicalPath('meta.lastModified'))).toBe('mutability');
    expect(scimTypeOf(() => canonicalPath('groups'))).toBe('mutability');
    expect(scimTypeOf(() => canonicalPath(`${STEWARD_PERSON}:identifiers`))).toBe('mutability');
  });
});

describe('readPatch', () => {
  it('reads the Entra ID shapes: op in any case, string booleans, a path-less value with dotted and URN keys', () => {
    expect(
      readPatch(
        body(
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'Add', value: { 'name.givenName': 'Ada', [`${ENTERPRISE_USER}:employeeNumber`]: '1', active: 'True' } },
          { op: 'replace', value: { [ENTERPRISE_USER]: { employeeNumber: '2' } } },
          { op: 'add', path: 'emails', value: [{ value: 'a@example.org', primary: 'true' }] },
        ),
      ),
    ).toEqual([
      { op: 'replace', path: 'active', value: false },
      { op: 'add', path: 'name.givenName', value: 'Ada' },
      { op: 'add', path: `${ENTERPRISE_USER}:employeeNumber`, value: '1' },
      { op: 'add', path: 'active', value: true },
      { op: 'replace', path: `${ENTERPRISE_USER}:employeeNumber`, value: '2' },
      { op: 'add', path: 'emails', value: [{ value: 'a@example.org', primary: true }] },
    ]);
  });

  it('refuses what is not a PatchOp with the RFC scimType', () => {
    expect(scimTypeOf(() => readPatch({ Operations: [] }))).toBe('invalidSyntax');
    expect(scimTypeOf(() => readPatch(body()))).toBe('invalidSyntax');
    expect(scimTypeOf(() => readPatch(body({ op: 'move', path: 'active' })))).toBe('invalidSyntax');
    expect(scimTypeOf(() => readPatch(body({ op: 'remove' })))).toBe('noTarget');
    expect(scimTypeOf(() => readPatch(body({ op: 'add', path: 'active' })))).toBe('invalidValue');
    expect(scimTypeOf(() => readPatch(body({ op: 'replace', path: 'active', value: 'maybe' })))).toBe('invalidValue');
    expect(scimTypeOf(() => readPatch(body({ op: 'replace', value: { id: '3' } })))).toBe('mutability');
    expect(scimTypeOf(() => readPatch(body({ op: 'replace', path: 'active', value: true, extra: 1 })))).toBe(
      'invalidSyntax',
    );
  });
});
