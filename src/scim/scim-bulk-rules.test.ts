import { describe, expect, it } from 'vitest';
import {
  BULK_REQUEST,
  type BulkOperation,
  bulkOrder,
  bulkRequest,
  MAX_OPERATIONS,
  substitute,
} from './scim-bulk-rules.ts';

const op = (index: number, o: Partial<BulkOperation>): BulkOperation => ({
  index,
  method: 'POST',
  path: '/Groups',
  ...o,
});
const refused = (body: unknown) => {
  try {
    bulkRequest(body);
  } catch (e) {
    return e as { status: number; scimType?: string; message: string };
  }
  throw new Error('accepted');
};

describe('a SCIM bulk request', () => {
  it('is checked: schemas, methods, a bulkId on each POST, data, no unknown attributes, at most maxOperations', () => {
    const ok = bulkRequest({
      schemas: [BULK_REQUEST],
      failOnErrors: 1,
      Operations: [{ method: 'post', path: '/Groups', bulkId: 'a', data: { displayName: 'x' } }],
    });
    expect(ok).toEqual({
      failOnErrors: 1,
      operations: [{ index: 0, method: 'POST', path: '/Groups', bulkId: 'a', data: { displayName: 'x' } }],
    });
    const ops = (o: unknown) => ({ schemas: [BULK_REQUEST], Operations: [o] });
    expect(refused({ Operations: [] })).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    expect(refused(ops({ method: 'GET', path: '/Groups' })).message).toContain('method');
    expect(refused(ops({ method: 'POST', path: '/Groups', data: {} })).message).toContain('bulkId');
    expect(refused(ops({ method: 'PUT', path: '/Groups/1' })).message).toContain('data');
    expect(refused(ops({ method: 'DELETE', path: '/Groups/1', colour: 1 })).message).toContain('colour');
    expect(refused({ schemas: [BULK_REQUEST], Operations: [], failOnErrors: 0 }).message).toContain('failOnErrors');
    const many = Array.from({ length: MAX_OPERATIONS + 1 }, () => ({ method: 'DELETE', path: '/Groups/1' }));
    expect(refused({ schemas: [BULK_REQUEST], Operations: many })).toMatchObject({ status: 413 });
    const twice = { method: 'POST', path: '/Groups', bulkId: 'a', data: {} };
    expect(refused({ schemas: [BULK_REQUEST], Operations: [twice, twice] }).message).toContain('twice');
  });
  it('runs an operation after the one creating the bulkId it uses, and sets apart circular and unknown references', () => {
    const ops = [
      op(0, { method: 'PATCH', path: '/Groups/bulkId:g', data: { v: 'bulkId:u' } }),
      op(1, { bulkId: 'g', data: {} }),
      op(2, { bulkId: 'u', data: {} }),
      op(3, { bulkId: 'x', data: { members: [{ value: 'bulkId:y' }] } }),
      op(4, { bulkId: 'y', data: { members: [{ value: 'bulkId:x' }] } }),
      op(5, { method: 'DELETE', path: '/Groups/bulkId:nowhere' }),
    ];
    const { order, stuck } = bulkOrder(ops);
    expect(order.map((o) => o.index)).toEqual([1, 2, 0]);
    expect([...stuck.keys()].sort()).toEqual([3, 4, 5]);
    expect(stuck.get(3)).toContain('circular');
    expect(stuck.get(5)).toContain('nowhere');
  });
  it('replaces each bulkId reference in the path and the data by the id created', () => {
    const created = new Map([
      ['g', '17'],
      ['u', '42'],
    ]);
    expect(
      substitute(
        op(0, {
          method: 'PATCH',
          path: '/Groups/bulkId:g',
          data: { Operations: [{ value: [{ value: 'bulkId:u' }] }] },
        }),
        created,
      ),
    ).toEqual({ path: '/Groups/17', data: { Operations: [{ value: [{ value: '42' }] }] } });
  });
});
