import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueGroups } from '../../src/governance/attest-service.ts';
import { attestationDue } from '../../src/governance/attest-time.ts';
import type { AttestationView } from '../../src/governance/review-schemas.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeReviewWorld, type ReviewWorld } from './review-world.ts';

/**
 * Per-group attestation (as Grouper's): a period set on a group by its admin (If-Match), the due list, attested by
 * closing a campaign over the group, due again a period later; the SQL of the due list against the pure rule.
 */
describe('access reviews: per-group attestation', () => {
  let w: ReviewWorld;
  let admin: string;
  let gaby: string;
  let zed: string;

  beforeAll(async () => {
    w = await makeReviewWorld();
    admin = w.t.tokens.admin;
    const g = await w.person('gaby', w.org.phy);
    gaby = await w.account('gaby', g.id);
    zed = await w.account('zed', (await w.person('zed', w.org.phy)).id);
    await w.t.app.groups.privileges.grant(
      systemActor('test'),
      { groupId: w.groups.approvers },
      { privilege: 'admin', personId: g.id },
    );
    await w.grant(w.groups.approvers, (await w.person('ann', w.org.phy)).id);
  });
  afterAll(() => w.t.close());

  const put = (token: string, groupId: number, body: Record<string, unknown>, version?: number) =>
    w.t.call(token, {
      method: 'PUT',
      url: `/groups/${groupId}/attestation`,
      headers: version === undefined ? {} : { 'if-match': `"${version}"` },
      payload: body,
    });

  it('sets the period with If-Match, by the group’s admin only, and refuses bad values', async () => {
    const g = w.groups.approvers;
    expect((await put(gaby, g, { everyDays: 90 })).statusCode).toBe(428);
    expect((await put(gaby, g, { everyDays: -1 }, 1)).statusCode).toBe(400);
    expect((await put(gaby, g, { everyDays: 'often' }, 1)).statusCode).toBe(400);
    expect((await put(zed, g, { everyDays: 90 }, 1)).statusCode).toBe(403);
    expect((await put(admin, 987654, { everyDays: 90 }, 1)).statusCode).toBe(404);
    const set = await put(gaby, g, { everyDays: 90 }, 1);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({
      groupId: g,
      everyDays: 90,
      attestedAt: null,
      dueAt: null,
      due: true,
      version: 2,
    });
    expect((await put(gaby, g, { everyDays: 30 }, 1)).statusCode).toBe(412);
  });

  it('lists the groups due to their admins, attested by closing a campaign, due again a period later', async () => {
    const g = w.groups.approvers;
    const due = async (token: string) =>
      (await w.ok<AttestationView[]>(token, { method: 'GET', url: '/reviews/attestation/due' })).map((a) => a.groupId);
    expect(await due(gaby)).toEqual([g]);
    expect(await due(zed)).toEqual([]);
    expect(await due(w.t.tokens.auditor)).toContain(g);
    const c = await w.ok<{ id: number }>(
      gaby,
      {
        method: 'POST',
        url: '/reviews',
        payload: { name: 'approvers-attest', scope: { kind: 'group', id: g }, deadline: '2026-09-30T00:00:00Z' },
      },
      201,
    );
    w.t.clock.set('2026-09-10T12:00:00Z');
    await w.ok(gaby, { method: 'POST', url: `/reviews/${c.id}/close` });
    const after = await w.ok<AttestationView>(gaby, { method: 'GET', url: `/groups/${g}/attestation` });
    expect(after).toMatchObject({
      attestedAt: '2026-09-10T12:00:00.000Z',
      dueAt: '2026-12-09T12:00:00.000Z',
      due: false,
    });
    expect(await due(gaby)).toEqual([]);
    w.t.clock.set('2026-12-09T12:00:00Z');
    expect(await due(gaby)).toEqual([g]);
  });

  it('picks the same groups in SQL as the pure rule, on random periods, attestations and days', async () => {
    const db = w.t.db();
    const folder = await db
      .selectFrom('groups')
      .select('folder_id')
      .where('id', '=', w.groups.clerks)
      .executeTakeFirstOrThrow();
    const base = Date.parse('2026-06-01T00:00:00Z');
    const day = 86_400_000;
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const now = new Date();
    const rows = Array.from({ length: 60 }, (_, i) => ({
      folder_id: folder.folder_id,
      extension: `attest-random-${i}`,
      name: `attest-random-${i}-${base}`,
      kind: 'basic' as const,
      attest_every_days: rand(4) === 0 ? null : 1 + rand(120),
      attested_at: rand(5) === 0 ? null : new Date(base + rand(200) * day + rand(day)),
      created_at: now,
      updated_at: now,
    }));
    const ids = (await db.insertInto('groups').values(rows).returning('id').execute()).map((r) => Number(r.id));
    for (let k = 0; k < 25; k += 1) {
      const at = new Date(base + rand(400) * day + rand(day));
      const sqlDue = (await dueGroups(db, at, ids)).map((r) => Number(r.id)).sort((a, b) => a - b);
      const pureDue = ids
        .filter((_, i) => attestationDue(rows[i].attest_every_days, rows[i].attested_at, at))
        .sort((a, b) => a - b);
      expect(sqlDue, at.toISOString()).toEqual(pureDue);
    }
    // the boundary itself: due exactly a period after
    const exact = new Date(rows.find((r) => r.attested_at && r.attest_every_days)!.attested_at!.getTime());
    const one = rows.findIndex((r) => r.attested_at?.getTime() === exact.getTime() && r.attest_every_days);
    const dueAt = new Date(exact.getTime() + rows[one].attest_every_days! * day);
    expect((await dueGroups(db, dueAt, [ids[one]])).length).toBe(1);
    expect((await dueGroups(db, new Date(dueAt.getTime() - 1), [ids[one]])).length).toBe(0);
  });
});
