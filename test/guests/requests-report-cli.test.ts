import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../cli/cli-world.ts';
import { on } from './world.ts';
import { makeRequestWorld, ok, type RequestWorld, submit, visitorRequest } from './request-world.ts';

/**
 * The "requests waiting per approver" report (JSON and CSV) and the `steward guests` request commands against a running
 * server.
 */
let w: RequestWorld;
beforeAll(async () => {
  w = await makeRequestWorld();
});
afterAll(() => w.t.close());
const { as } = useCliWorld({ app: () => w.t });

describe('requests waiting per approver', () => {
  it('counts each waiting request for every approver of its current step, with the oldest', async () => {
    on(w.t, '2026-09-01');
    const a = await submit(w, visitorRequest({ services: ['it-account'] }));
    on(w.t, '2026-09-03');
    const b = await submit(w, visitorRequest({ services: ['it-account'], validFrom: '2026-09-10' }));
    const c = await submit(w, visitorRequest({ services: ['it-account'], validFrom: '2026-09-10' }));
    await ok(w, w.tokens.approver, c.id, 1, 'approve');
    const rejected = await submit(w, visitorRequest({ validFrom: '2026-09-10' }));
    await ok(w, w.tokens.approver, rejected.id, 1, 'reject', 'no');
    on(w.t, '2026-09-05');
    const r = await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/guests/reports/waiting-by-approver' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      on: '2026-09-05',
      totalWaiting: 3,
      approvers: [
        {
          kind: 'person',
          personId: w.approver2,
          office: null,
          name: 'Dirk Deputy',
          step: 'department-approvers',
          waiting: 2,
          oldestSince: '2026-09-01',
          oldestDays: 4,
          requestIds: [a.id, b.id],
        },
        {
          kind: 'person',
          personId: w.approver,
          office: null,
          name: 'Dora Dean',
          step: 'department-approvers',
          waiting: 2,
          oldestSince: '2026-09-01',
          oldestDays: 4,
          requestIds: [a.id, b.id],
        },
        {
          kind: 'office',
          personId: null,
          office: 'it-desk',
          name: 'it-desk',
          step: 'it-desk',
          waiting: 1,
          oldestSince: '2026-09-03',
          oldestDays: 2,
          requestIds: [c.id],
        },
      ],
    });
    const csv = await w.t.call(w.t.tokens.auditor, {
      method: 'GET',
      url: '/guests/reports/waiting-by-approver',
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n').slice(0, 2)).toEqual([
      'approver,kind,person_id,office,step,waiting,oldest_since,oldest_days,request_ids',
      `Dirk Deputy,person,${w.approver2},,department-approvers,2,2026-09-01,4,${a.id} ${b.id}`,
    ]);
    expect(
      (await w.t.call(w.tokens.colleague, { method: 'GET', url: '/guests/reports/waiting-by-approver' })).statusCode,
    ).toBe(403);
  });
});

// Several commands per test: on a loaded machine a few tests take longer than the default 30 s.
describe('steward guests request, inbox, approve, reject, withdraw, waiting', () => {
  let id = '';
  it("asks for a visitor, finds it in the approver's inbox and approves it", async () => {
    on(w.t, '2026-09-05');
    const asked = await as(w.tokens.guarantor)(
      'guests',
      'request',
      '--type',
      'Visitor',
      '--given',
      'Cleo',
      '--family',
      'Clifford',
      '--email',
      'cleo@visitor.example',
      '--host',
      'PHYS',
      '--reason',
      'Conference',
      '--service',
      'it-account',
      '--from',
      '2026-09-20',
      '--to',
      '2026-10-20',
      '--json',
    );
    expect(asked.code, asked.stderr).toBe(0);
    id = String(JSON.parse(asked.stdout).id);
    const inbox = await as(w.tokens.approver)('guests', 'inbox');
    expect(inbox.stdout).toContain('Cleo Clifford');
    const approved = await as(w.tokens.approver)('guests', 'approve', id, '--comment', 'fine');
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('waiting for it-desk');
    expect(approved.stdout).toMatch(/1\. Department approvers\s+approved\s+by dora: fine/);
  });

  it('names the allowed reasons, in its help and once in the error for a reason not among them', async () => {
    const help = await as(w.tokens.guarantor)('guests', 'request', '--help');
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('steward guests types show <type> lists them');
    const bad = await as(w.tokens.guarantor)(
      'guests',
      'request',
      '--type',
      'Visitor',
      '--given',
      'Cleo',
      '--family',
      'Clifford',
      '--host',
      'PHYS',
      '--reason',
      'Holiday',
      '--from',
      '2026-09-20',
      '--to',
      '2026-10-20',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      '/reason: "Holiday" is not a reason for a Visitor: pick one of Research visit, Conference',
    );
    expect(bad.stderr.split('pick one of')).toHaveLength(2);
  });

  it('the IT desk approves (minting credentials) and a second approval is refused', async () => {
    const minted = await as(w.tokens.itDesk)('guests', 'approve', id);
    expect(minted.stdout).toContain('minted      username ccliffor, email cleo.clifford@example.edu');
    expect(minted.stdout).toContain('— approved');
    const twice = await as(w.tokens.itDesk)('guests', 'approve', id);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('already approved');
  });

  it("shows the request and lists the guarantor's requests", async () => {
    const shown = await as(w.tokens.guarantor)('guests', 'requests', id);
    expect(shown.stdout).toContain('guest       ');
    const mine = await as(w.tokens.guarantor)('guests', 'requests', '--state', 'approved');
    expect(mine.stdout).toContain('Cleo Clifford');
  });

  it('rejects only with a comment, and withdraws', async () => {
    const reject = await submit(w, visitorRequest({ validFrom: '2026-09-20' }));
    const noComment = await as(w.tokens.approver)('guests', 'reject', String(reject.id));
    expect(noComment.code).toBe(1);
    expect(noComment.stderr).toContain('/comment');
    expect(
      (await as(w.tokens.approver)('guests', 'reject', String(reject.id), '--comment', 'no room')).stdout,
    ).toContain('— rejected');
    const withdraw = await submit(w, visitorRequest({ validFrom: '2026-09-20' }));
    expect((await as(w.tokens.guarantor)('guests', 'withdraw', String(withdraw.id))).stdout).toContain('— withdrawn');
  });

  it('prints the waiting report as a table and as CSV', async () => {
    const table = await as(w.t.tokens.admin)('guests', 'waiting');
    expect(table.stdout).toContain('3 requests waiting on 2026-09-05');
    expect(table.stdout).toContain('Dora Dean');
    const csv = await as(w.t.tokens.admin)('guests', 'waiting', '--csv');
    expect(csv.stdout.split('\n')[0]).toBe(
      'approver,kind,person_id,office,step,waiting,oldest_since,oldest_days,request_ids',
    );
  });
});
