import { describe, expect, it } from 'vitest';
import {
  attributeChanges,
  type DesiredAccount,
  planAccount,
  type PlanOptions,
  type SyncedAccount,
} from './ldap-plan.ts';

const now = new Date('2026-09-01T09:00:00Z');
const options: PlanOptions = {
  objectClasses: ['inetOrgPerson'],
  disable: { attribute: 'userAccountControl', enabled: '512', disabled: '514' },
  lifecycle: { disable: true, deleteAfterDays: 30 },
  now,
};
const hill = 'ou=Hill,ou=steward,dc=x';
const river = 'ou=River,ou=steward,dc=x';
const gHill = 'cn=hill,ou=groups,dc=x';
const gRiver = 'cn=river,ou=groups,dc=x';
const gAll = 'cn=all,ou=groups,dc=x';
const want = (ou: string, groups: string[], sn = 'Silva'): DesiredAccount => ({
  dn: `cn=Ana Silva,${ou}`,
  ouDn: ou,
  attributes: { cn: ['Ana Silva'], sn: [sn] },
  groups,
});
const had = (ou: string, groups: string[], extra: Partial<SyncedAccount> = {}): SyncedAccount => ({
  ...want(ou, groups),
  disabled: false,
  disabledAt: null,
  ...extra,
});

describe('planning one account', () => {
  it('creates an account enabled, in its OU, then joins its groups', () => {
    const plan = planAccount(want(hill, [gHill]), null, options);
    expect(plan.action).toBe('create');
    expect(plan.ops.map((o) => o.op)).toEqual(['ensureOu', 'add', 'addMembers']);
    expect(plan.ops[1]).toMatchObject({ attributes: { objectClass: ['inetOrgPerson'], userAccountControl: ['512'] } });
    expect(plan.next).toMatchObject({ dn: `cn=Ana Silva,${hill}`, groups: [gHill], disabled: false });
  });

  it('moves a learner by leaving every old group first and joining after the move, never holding both', () => {
    const plan = planAccount(want(river, [gRiver, gAll]), had(hill, [gHill, gAll]), options);
    expect(plan.action).toBe('move');
    expect(plan.ops).toEqual([
      { op: 'removeMembers', group: gHill, members: [`cn=Ana Silva,${hill}`] },
      { op: 'removeMembers', group: gAll, members: [`cn=Ana Silva,${hill}`] },
      { op: 'ensureOu', dn: river },
      { op: 'move', from: `cn=Ana Silva,${hill}`, to: `cn=Ana Silva,${river}` },
      { op: 'addMembers', group: gRiver, members: [`cn=Ana Silva,${river}`] },
      { op: 'addMembers', group: gAll, members: [`cn=Ana Silva,${river}`] },
    ]);
  });

  it('writes only what changed, and nothing when nothing did', () => {
    expect(planAccount(want(hill, [gHill]), had(hill, [gHill]), options)).toMatchObject({ action: 'none', ops: [] });
    const plan = planAccount(want(hill, [gHill], 'Santos'), had(hill, [gHill]), options);
    expect(plan.ops).toEqual([{ op: 'modify', dn: `cn=Ana Silva,${hill}`, replace: { sn: ['Santos'] } }]);
  });

  it('disables a leaver and takes them out of their groups; deletes after the retention; re-enables a returner', () => {
    const disable = planAccount(null, had(hill, [gHill]), options);
    expect(disable.action).toBe('disable');
    expect(disable.ops).toEqual([
      { op: 'removeMembers', group: gHill, members: [`cn=Ana Silva,${hill}`] },
      { op: 'modify', dn: `cn=Ana Silva,${hill}`, replace: { userAccountControl: ['514'] } },
    ]);
    const gone = had(hill, [], { disabled: true, disabledAt: new Date('2026-08-01T09:00:00Z') });
    expect(planAccount(null, gone, { ...options, now: new Date('2026-08-30T09:00:00Z') }).action).toBe('none');
    expect(planAccount(null, gone, options)).toMatchObject({ action: 'delete', next: null });
    expect(planAccount(null, gone, { ...options, lifecycle: { disable: true, deleteAfterDays: null } }).action).toBe(
      'none',
    );
    const back = planAccount(want(hill, [gHill]), gone, options);
    expect(back.action).toBe('enable');
    expect(back.ops).toContainEqual({
      op: 'modify',
      dn: `cn=Ana Silva,${hill}`,
      replace: { userAccountControl: ['512'] },
    });
  });

  it('deletes at once when the lifecycle does not disable', () => {
    const plan = planAccount(null, had(hill, []), { ...options, lifecycle: { disable: false, deleteAfterDays: null } });
    expect(plan).toMatchObject({ action: 'delete', ops: [{ op: 'delete', dn: `cn=Ana Silva,${hill}` }], next: null });
  });
});

describe('attribute changes', () => {
  it('compares names without case and values as sets, and removes what is no longer mapped', () => {
    expect(
      attributeChanges(
        { Mail: ['a@x'], eduPersonAffiliation: ['staff', 'student'] },
        { mail: ['a@x'], eduPersonAffiliation: ['student', 'staff'] },
      ),
    ).toEqual({});
    expect(attributeChanges({ mail: ['a@x'], title: ['Dr'] }, { mail: ['b@x'] })).toEqual({ mail: ['b@x'], title: [] });
  });
});
