import { describe, expect, it } from 'vitest';
import { type ChangeRow, touchedBy } from './change-intake.ts';

const row = (
  entity_type: string,
  entity_id: string,
  data: Record<string, unknown> | null,
  op = 'updated',
): ChangeRow => ({
  position: 1,
  entity_type,
  entity_id,
  op,
  data,
});

describe('what a change-log entry touches', () => {
  it('finds the person of person, affiliation and status entries, and both sides of a merge', () => {
    const t = touchedBy(
      [
        row('person', '4', {}),
        row('affiliation', '90', { personId: 5 }),
        row('person_status', '77', { personId: 6 }),
        row('person', '8', { into: 9 }, 'merged'),
      ],
      new Set(),
    );
    expect([...t.people].sort()).toEqual([4, 5, 6, 8, 9]);
  });

  it('follows group changes only for the groups the target writes', () => {
    const t = touchedBy(
      [
        row('group_effective', '3', { personIds: [11, 12] }),
        row('group_effective', '4', { personIds: [13] }),
        row('group', '3', {}),
        row('group', '4', {}),
      ],
      new Set([3]),
    );
    expect([...t.people]).toEqual([11, 12]);
    expect([...t.groups]).toEqual([3]);
  });

  it('finds role subjects (a person, or a group whose members hold it) and units', () => {
    const t = touchedBy(
      [
        row('access_assignment', '1', { subject: { type: 'person', id: 21 } }),
        row('access_assignment', '2', { subject: { type: 'group', id: 7 } }),
        row('org', '31', {}),
        row('feed', 'x', {}),
      ],
      new Set(),
    );
    expect([...t.people]).toEqual([21]);
    expect([...t.memberGroups]).toEqual([7]);
    expect([...t.units]).toEqual([31]);
  });
});
