import { describe, expect, it } from 'vitest';
import { planUser, type SyncedUser } from './scim-plan-rules.ts';

const now = new Date('2026-09-10T00:00:00Z');
const o = { lifecycle: { disable: true, deleteAfterDays: 30 }, now };
const ana = { values: { userName: 'asilva', 'name.givenName': 'Ana' }, groups: ['group:1'] };
const synced: SyncedUser = { id: 'u1', ...ana, active: true, disabledAt: null };

describe('a SCIM user plan', () => {
  it('creates a new user and then joins its groups', () => {
    const plan = planUser(ana, null, o);
    expect(plan.action).toBe('create');
    expect(plan.ops).toEqual([
      { op: 'create', values: ana.values },
      { op: 'join', group: 'group:1' },
    ]);
    expect(plan.next).toMatchObject({ id: '', active: true, groups: ['group:1'] });
  });

  it('replaces only the changed values and removes the ones no longer mapped', () => {
    const plan = planUser({ ...ana, values: { userName: 'asilva', displayName: 'Ana S' } }, synced, o);
    expect(plan.ops).toEqual([{ op: 'patch', replace: { displayName: 'Ana S' }, remove: ['name.givenName'] }]);
    expect(planUser(ana, synced, o)).toMatchObject({ action: 'none', ops: [] });
  });

  it('leaves old groups before and joins new groups after the change', () => {
    const plan = planUser({ ...ana, groups: ['group:2'] }, synced, o);
    expect(plan.ops).toEqual([
      { op: 'leave', group: 'group:1' },
      { op: 'join', group: 'group:2' },
    ]);
  });

  it('deactivates a leaver, keeps them through the retention, then deletes them', () => {
    const off = planUser(null, synced, o);
    expect(off).toMatchObject({ action: 'disable', next: { active: false, groups: [], disabledAt: now } });
    expect(off.ops).toEqual([{ op: 'leave', group: 'group:1' }, { op: 'deactivate' }]);
    const kept = planUser(null, off.next, { ...o, now: new Date(now.getTime() + 29 * 86_400_000) });
    expect(kept).toMatchObject({ action: 'none', ops: [] });
    const gone = planUser(null, off.next, { ...o, now: new Date(now.getTime() + 30 * 86_400_000) });
    expect(gone).toEqual({ action: 'delete', ops: [{ op: 'delete' }], next: null });
    expect(planUser(null, off.next, { ...o, lifecycle: { disable: true, deleteAfterDays: null } }).action).toBe('none');
  });

  it('deletes at once when the target does not disable, and activates a returner', () => {
    expect(planUser(null, synced, { ...o, lifecycle: { disable: false, deleteAfterDays: null } }).action).toBe(
      'delete',
    );
    const back = planUser(ana, { ...synced, active: false, groups: [], disabledAt: now }, o);
    expect(back.action).toBe('enable');
    expect(back.ops).toEqual([
      { op: 'patch', replace: {}, remove: [], active: true },
      { op: 'join', group: 'group:1' },
    ]);
  });
});
