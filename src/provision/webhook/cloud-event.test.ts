import { describe, expect, it } from 'vitest';
import { toCloudEvent } from './cloud-event.ts';

const entry = {
  position: 42,
  at: new Date('2026-09-01T09:30:00Z'),
  entity_type: 'group_effective',
  entity_id: '17',
  op: 'Member Added!',
  data: { personIds: [3, 4] },
};

describe('a change-log entry as a CloudEvent', () => {
  it('carries the CloudEvents 1.0 attributes, a stable id and the entry with its position', () => {
    expect(toCloudEvent(entry, 'crm', 'urn:steward:northbridge')).toEqual({
      specversion: '1.0',
      id: 'steward-42',
      source: 'urn:steward:northbridge',
      type: 'edu.steward.group_effective.member-added-',
      subject: 'group_effective/17',
      time: '2026-09-01T09:30:00.000Z',
      datacontenttype: 'application/json',
      stewardtarget: 'crm',
      data: { personIds: [3, 4], position: 42 },
    });
  });

  it('defaults the source and wraps data that is not an object', () => {
    expect(toCloudEvent({ ...entry, data: null }, 'crm')).toMatchObject({ source: '/steward', data: { position: 42 } });
    expect(toCloudEvent({ ...entry, data: [1] }, 'crm').data).toEqual({ value: [1], position: 42 });
  });
});
