import { describe, expect, it } from 'vitest';
import type { Actor } from '../platform/auth/actor.ts';
import { authoriseUnitChange } from './org-access.ts';

const orgadmin: Actor = {
  kind: 'user',
  id: 5,
  name: 'fac-admin',
  roles: [{ role: 'orgadmin', orgId: 4, orgPath: '/1/4/' }],
};
const sysadmin: Actor = {
  kind: 'user',
  id: 1,
  name: 'root',
  roles: [{ role: 'sysadmin', orgId: null, orgPath: null }],
};

describe('who may change a unit', () => {
  it('lets an organisation administrator change units below their scope unit', () => {
    expect(() => authoriseUnitChange(orgadmin, { code: 'CHEM', path: '/1/4/9/' })).not.toThrow();
    expect(() => authoriseUnitChange(orgadmin, { code: 'LAB', path: '/1/4/9/12/' })).not.toThrow();
  });

  it('refuses them their scope unit itself, saying why', () => {
    expect(() => authoriseUnitChange(orgadmin, { code: 'SCI', path: '/1/4/' })).toThrow(/root of their scope/);
  });

  it('refuses them units elsewhere, and lets a system administrator change anything', () => {
    expect(() => authoriseUnitChange(orgadmin, { code: 'ART', path: '/1/5/' })).toThrow(/may not/);
    expect(() => authoriseUnitChange(orgadmin, { code: 'UNI', path: '/1/' })).toThrow(/may not/);
    expect(() => authoriseUnitChange(sysadmin, { code: 'UNI', path: '/1/' })).not.toThrow();
  });
});
