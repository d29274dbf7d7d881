import { describe, expect, it } from 'vitest';
import { extensionFor, groupResource, ifMatchHolds, inFolder, localName } from './scim-group-write-rules.ts';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:Group';

describe('a SCIM Group as written', () => {
  it('folds a displayName to a group extension', () => {
    expect(extensionFor('Engineering')).toBe('Engineering');
    expect(extensionFor('Équipe R&D (Paris)')).toBe('Equipe_R_D_Paris_');
    expect(extensionFor('a:b')).toBe('a_b');
    expect(extensionFor('***')).toBe('group');
    expect(extensionFor('x'.repeat(150))).toHaveLength(100);
  });
  it('reads the full name sent back as the same group', () => {
    expect(localName('scim-entra:Engineering', 'scim-entra')).toBe('Engineering');
    expect(localName('other:Engineering', 'scim-entra')).toBe('other:Engineering');
    expect(inFolder('scim-entra:Eng', 'scim-entra')).toBe(true);
    expect(inFolder('scim-entra2:Eng', 'scim-entra')).toBe(false);
  });
  it('reads a body: displayName required, members as people, externalId kept, id/meta ignored, others refused', () => {
    expect(
      groupResource({
        schemas: [CORE],
        id: '9',
        externalId: 'x',
        displayName: 'G',
        members: [{ value: '2' }, { value: '2' }],
      }),
    ).toEqual({ displayName: 'G', members: [2], externalId: 'x' });
    expect(groupResource({ schemas: [CORE], displayName: 'G' })).toMatchObject({ externalId: null });
    expect(() => groupResource({ schemas: [CORE], displayName: 'G', externalId: 7 })).toThrow(/externalId must be/);
    expect(() => groupResource({ schemas: [CORE] })).toThrow(/displayName is required/);
    expect(() => groupResource({ displayName: 'G' })).toThrow(/schemas/);
    expect(() => groupResource({ schemas: [CORE], displayName: 'G', owner: 'me' })).toThrow(/owner/);
  });
  it('holds If-Match when absent, `*`, or naming the version in either form', () => {
    expect(ifMatchHolds(undefined, 3)).toBe(true);
    expect(ifMatchHolds('*', 3)).toBe(true);
    expect(ifMatchHolds('W/"3"', 3)).toBe(true);
    expect(ifMatchHolds('"2", "3"', 3)).toBe(true);
    expect(ifMatchHolds('W/"2"', 3)).toBe(false);
  });
});
