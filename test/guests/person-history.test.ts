import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, makeRequestWorld, type RequestWorld, submit, visitorRequest } from './request-world.ts';
import { on, sweep } from './world.ts';

/**
 * Issue 16: a guest who becomes staff or a student has one history. The person's history (GET /people/:id/history)
 * holds their guest requests, the approvals and the changes to their guest record beside the person's own changes,
 * for those who read that guest data.
 */
let w: RequestWorld;
beforeAll(async () => {
  w = await makeRequestWorld({ start: '2026-09-01T09:00:00Z' });
});
afterAll(() => w.t.close());

type Entry = { action: string; targetType: string; targetId: string; actor: string };

const historyOf = async (token: string, personId: number): Promise<Entry[]> => {
  const r = await w.t.call(token, { method: 'GET', url: `/people/${personId}/history` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe("a former guest's history", () => {
  it('shows the request, its approval and the guest record beside the person’s own changes', async () => {
    const req = await submit(w, visitorRequest({ services: [] }));
    const approved = await decide(w, w.tokens.approver, req.id, req.version, 'approve', 'Welcome');
    expect(approved.statusCode, approved.body).toBe(200);
    const { personId, guestId } = approved.json();
    expect(personId).not.toBeNull();
    expect(guestId).not.toBeNull();
    on(w.t, '2026-09-12');
    await sweep(w.t);
    // The visitor stays on as staff.
    const hired = await w.t.call(w.t.tokens.admin, {
      method: 'POST',
      url: `/people/${personId}/affiliations`,
      payload: { orgId: w.physics, kind: 'staff', validFrom: '2026-11-01' },
    });
    expect(hired.statusCode, hired.body).toBe(201);

    const entries = await historyOf(w.t.tokens.auditor, personId);
    const seen = entries.map((e) => `${e.targetType} ${e.action}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'guest_request guest-request.submit',
        'guest_request guest-request.approve',
        'guest guest.create',
        'guest guest.transition',
        expect.stringMatching(/^person /),
      ]),
    );
    // Newest first, the person's own entries among the guest's.
    const seqs = entries.map((e) => (e as unknown as { seq: number }).seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(entries.filter((e) => e.targetType === 'guest').every((e) => e.targetId === String(guestId))).toBe(true);
    expect(entries.filter((e) => e.targetType === 'guest_request').every((e) => e.targetId === String(req.id))).toBe(
      true,
    );

    // An organisation administrator elsewhere reads the person but not their guest data.
    const elsewhere = await w.t.tokenFor('olaf', [{ role: 'orgadmin', orgId: w.outside }]);
    const scoped = await historyOf(elsewhere, personId);
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((e) => e.targetType === 'person')).toBe(true);
  });
});
