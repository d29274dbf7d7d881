import { describe, expect, it } from 'vitest';
import { desiredUser, retryAt, userPatch, userResource, valuesOfResource } from './scim-resource-rules.ts';
import { ENTERPRISE_USER, SCIM_DEFAULT_MAPPINGS } from './scim-settings-rules.ts';
import type { MappingFacts } from '../mapping-rules.ts';

const values = {
  userName: 'asilva',
  'name.givenName': 'Ana',
  emails: 'ana@example.edu',
  'enterprise:employeeNumber': 'E7',
};

describe('SCIM resources', () => {
  it('builds a user with nested names, a primary work email and the enterprise extension', () => {
    const user = userResource(values, true);
    expect(user).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE_USER],
      active: true,
      userName: 'asilva',
      name: { givenName: 'Ana' },
      emails: [{ value: 'ana@example.edu', type: 'work', primary: true }],
      [ENTERPRISE_USER]: { employeeNumber: 'E7' },
    });
    expect(valuesOfResource(user, Object.keys(values))).toEqual(values);
  });

  it('patches changed attributes by path and sets active last', () => {
    expect(userPatch({ 'enterprise:employeeNumber': 'E8' }, ['name.givenName'], false)).toEqual([
      { op: 'replace', path: `${ENTERPRISE_USER}:employeeNumber`, value: 'E8' },
      { op: 'remove', path: 'name.givenName' },
      { op: 'replace', path: 'active', value: false },
    ]);
  });

  it('refuses a person whose userName maps to nothing', () => {
    const facts = { id: 4, username: null, givenName: 'Ana', familyName: 'Silva' } as unknown as MappingFacts;
    const r = desiredUser(facts, SCIM_DEFAULT_MAPPINGS, []);
    expect(r).toEqual({ ok: false, error: 'the mapping for userName ({username}) gives no value for person 4' });
  });

  it('reads Retry-After in seconds or as an HTTP date, a minute when absent', () => {
    const now = new Date('2026-09-01T10:00:00Z');
    expect(retryAt('30', now).toISOString()).toBe('2026-09-01T10:00:30.000Z');
    expect(retryAt('Tue, 01 Sep 2026 10:05:00 GMT', now).toISOString()).toBe('2026-09-01T10:05:00.000Z');
    expect(retryAt(null, now).toISOString()).toBe('2026-09-01T10:01:00.000Z');
    expect(retryAt('Tue, 01 Sep 2026 09:00:00 GMT', now).toISOString()).toBe(now.toISOString());
  });
});
