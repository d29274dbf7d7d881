import { describe, expect, it } from 'vitest';
import { PATCH_OP, patchPlan } from './scim-group-patch-rules.ts';

const plan = (...ops: unknown[]) => patchPlan({ schemas: [PATCH_OP], Operations: ops });
const refused = (body: unknown) => {
  try {
    patchPlan(body);
  } catch (e) {
    const err = e as { status: number; scimType: string; message: string };
    return { status: err.status, scimType: err.scimType, message: err.message };
  }
  throw new Error('accepted');
};
const fails = (...ops: unknown[]) => refused({ schemas: [PATCH_OP], Operations: ops });
const m = (...ids: number[]) => ids.map((id) => ({ value: String(id) }));

describe('a Group PATCH as a member plan', () => {
  it('adds, removes by filter and removes all, folding the operations in order', () => {
    expect(plan({ op: 'add', path: 'members', value: m(3, 1, 3) })).toEqual({ add: [1, 3], remove: [] });
    expect(plan({ op: 'remove', path: 'members[value eq "42"]' })).toEqual({ add: [], remove: [42] });
    expect(plan({ op: 'remove', path: 'members' })).toEqual({ add: [], remove: 'all' });
    expect(plan({ op: 'add', path: 'members', value: m(7) }, { op: 'remove', path: 'members[value eq "7"]' })).toEqual({
      add: [],
      remove: [7],
    });
    expect(plan({ op: 'remove', path: 'members[value eq "7"]' }, { op: 'add', path: 'members', value: m(7) })).toEqual({
      add: [7],
      remove: [],
    });
    expect(plan({ op: 'add', path: 'members', value: m(1) }, { op: 'remove', path: 'members' })).toEqual({
      add: [],
      remove: 'all',
    });
  });
  it('replaces members and the displayName, with or without a path', () => {
    expect(plan({ op: 'replace', path: 'members', value: m(5) })).toEqual({ add: [5], remove: 'all' });
    expect(plan({ op: 'replace', path: 'displayName', value: 'Ops' })).toEqual({
      add: [],
      remove: [],
      displayName: 'Ops',
    });
    expect(plan({ op: 'replace', value: { displayName: 'Ops', members: m(2) } })).toEqual({
      add: [2],
      remove: 'all',
      displayName: 'Ops',
    });
    expect(plan({ op: 'add', value: { members: m(2) } })).toEqual({ add: [2], remove: [] });
    expect(
      plan({ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName', value: 'X' }),
    ).toEqual({ add: [], remove: [], displayName: 'X' });
  });
  it('takes Entra ID’s forms: op names in any case, remove with a value list, numeric values', () => {
    expect(plan({ op: 'Add', path: 'members', value: [{ value: 9 }] })).toEqual({ add: [9], remove: [] });
    expect(plan({ op: 'Remove', path: 'members', value: m(4, 6) })).toEqual({ add: [], remove: [4, 6] });
    expect(plan({ op: 'Replace', value: { displayName: 'y', externalId: 'e' } })).toEqual({
      add: [],
      remove: [],
      displayName: 'y',
      externalId: 'e',
    });
  });
  it('keeps, replaces and forgets the externalId', () => {
    expect(plan({ op: 'add', path: 'externalId', value: 'g-1' })).toEqual({ add: [], remove: [], externalId: 'g-1' });
    expect(plan({ op: 'remove', path: 'externalId' })).toEqual({ add: [], remove: [], externalId: null });
    expect(plan({ op: 'replace', path: 'externalId', value: 'a' }, { op: 'remove', path: 'externalId' })).toEqual({
      add: [],
      remove: [],
      externalId: null,
    });
    expect(fails({ op: 'replace', path: 'externalId', value: { id: 1 } })).toMatchObject({ scimType: 'invalidValue' });
  });
  it('refuses with the RFC’s scimType, naming the operation', () => {
    expect(fails({ op: 'remove' })).toMatchObject({ status: 400, scimType: 'noTarget' });
    expect(fails({ op: 'add', path: 'owner', value: 'x' })).toMatchObject({
      scimType: 'invalidPath',
      message: expect.stringContaining('Operations[0]'),
    });
    expect(fails({ op: 'replace', path: 'id', value: '3' })).toMatchObject({ scimType: 'mutability' });
    expect(fails({ op: 'remove', path: 'displayName' })).toMatchObject({ scimType: 'mutability' });
    expect(fails({ op: 'add', path: 'members', value: [{ value: 'abc' }] })).toMatchObject({
      scimType: 'invalidValue',
      message: expect.stringContaining('"abc"'),
    });
    expect(fails({ op: 'add', path: 'members', value: [{ value: '1', type: 'Group' }] })).toMatchObject({
      scimType: 'invalidValue',
    });
    expect(fails({ op: 'add', path: 'members' })).toMatchObject({ scimType: 'invalidValue' });
    expect(fails({ op: 'replace', path: 'displayName', value: '' })).toMatchObject({ scimType: 'invalidValue' });
    expect(fails({ op: 'move', path: 'members', value: [] })).toMatchObject({ scimType: 'invalidSyntax' });
    expect(fails({ op: 'add', path: 'members', value: [], colour: 'red' })).toMatchObject({
      scimType: 'invalidSyntax',
    });
    expect(refused({ Operations: [{ op: 'remove', path: 'members' }] })).toMatchObject({ scimType: 'invalidSyntax' });
    expect(refused({ schemas: [PATCH_OP], Operations: [] })).toMatchObject({ scimType: 'invalidSyntax' });
  });
});
