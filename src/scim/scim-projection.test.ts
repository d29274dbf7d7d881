import { describe, expect, it } from 'vitest';
import { projectResource, splitPath } from './scim-projection.ts';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  id: '7',
  userName: 'bjensen',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [{ value: 'b@x.org', type: 'work', primary: true }],
  [ENT]: { employeeNumber: '1', department: 'Tours' },
  meta: { resourceType: 'User' },
};
const extensions = [ENT];

describe('attributes and excludedAttributes (RFC 7644 §3.9)', () => {
  it('keeps only the asked attributes, case-insensitively, always with id and schemas', () => {
    expect(projectResource(user, { attributes: ['USERNAME', 'name.givenName', 'emails.value'], extensions })).toEqual({
      schemas: user.schemas,
      id: '7',
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
      emails: [{ value: 'b@x.org' }],
    });
  });
  it('reads the core URN prefix and extension attributes by their schema URN', () => {
    const asked = ['urn:ietf:params:scim:schemas:core:2.0:User:userName', `${ENT}:department`];
    expect(projectResource(user, { attributes: asked, extensions })).toEqual({
      schemas: user.schemas,
      id: '7',
      userName: 'bjensen',
      [ENT]: { department: 'Tours' },
    });
  });
  it('drops the excluded attributes and sub-attributes but never id or schemas', () => {
    const out = projectResource(user, {
      excluded: ['id', 'schemas', 'emails', 'name.familyName', `${ENT}:employeeNumber`],
      extensions,
    });
    expect(out).toEqual({
      schemas: user.schemas,
      id: '7',
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
      [ENT]: { department: 'Tours' },
      meta: { resourceType: 'User' },
    });
  });
  it('splits paths into extension, attribute and sub-attribute', () => {
    expect(splitPath(`${ENT}:manager.value`, extensions)).toEqual({
      ext: ENT.toLowerCase(),
      attr: 'manager',
      sub: 'value',
    });
    expect(splitPath('Name.GivenName', extensions)).toEqual({ ext: null, attr: 'name', sub: 'givenname' });
    expect(() => splitPath(' ', extensions)).toThrow(/empty/);
  });
});
