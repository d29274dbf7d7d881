import { describe, expect, it } from 'vitest';
import { groupsApi } from '../groups/world.ts';
import { api } from '../ldap/provision-world.ts';
import { createPerson } from '../registry/world.ts';
import { runScim, scimFile, scimLearner, scimTarget, syncRow } from './scim-world.ts';

// The SCIM target when the application does not simply say yes: a userName already taken
// (409: the existing user is adopted), a 429 with Retry-After (the person waits, the pass
// stops), a connection lost midway (the rerun finishes the job without duplicates), and drift
// made in the application by hand (a full sync sets it back; a dry run only lists it).

const ctx = scimFile();
let ben: number;
let cleo: number;
let dan: number;
let eve: number;
let chess: { id: number; name: string };

const pending = (personId: number) =>
  ctx.t
    .db()
    .selectFrom('provision_pending')
    .selectAll()
    .where('object_type', '=', 'person')
    .where('object_id', '=', personId)
    .executeTakeFirst();

describe('a SCIM application that pushes back', () => {
  it('adopts the user that already holds the userName (409) and records its id', async () => {
    const { t, server, world } = ctx;
    const made = await fetch(`${server.url}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ userName: 'bokafor', name: { givenName: 'B', familyName: 'O' } }),
    });
    const existing = (await made.json()) as { id: string };
    const g = groupsApi(t);
    chess = await g.group((await g.folder('clubs')).id, 'chess');
    ben = await scimLearner(t, 'Ben', 'Okafor', 'bokafor', world.org.hill);
    await scimTarget(t, server, { groups: [{ group: chess.name }] });
    const report = await runScim(t);
    expect(report.error).toBeNull();
    const users = [...server.store.users.values()].filter((u) => u.userName === 'bokafor');
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ id: existing.id, name: { givenName: 'Ben', familyName: 'Okafor' } });
    expect((await syncRow(t, ben))!.remote_id).toBe(`Users/${existing.id}`);
    expect(server.log.filter((r) => r.method === 'POST' && r.path.endsWith('/Users')).map((r) => r.status)).toEqual([
      201, 409,
    ]);
    expect(server.log.some((r) => r.path.includes('filter=userName%20eq%20%22bokafor%22'))).toBe(true);
  });

  it('honours Retry-After on 429: the person waits until then and the pass stops', async () => {
    const { t, server, world } = ctx;
    cleo = await scimLearner(t, 'Cleo', 'Adams', 'cadams', world.org.river);
    server.throttle(5, '120');
    const before = server.log.length;
    const report = await runScim(t);
    expect(report.error).toContain('429');
    expect(server.log.length - before).toBe(1);
    const row = (await pending(cleo))!;
    expect(row.attempts).toBe(0);
    expect(new Date(row.next_at as Date).getTime()).toBe(t.clock.now().getTime() + 120_000);
    expect((await api(t, 'GET', '/provision/targets/lms')).lastError).toContain('429');
    await runScim(t);
    expect(server.log.length - before).toBe(1);
    server.throttle(0, '');
    t.clock.advance(121_000);
    expect((await runScim(t)).accounts.create).toBe(1);
    expect(server.userByName('cadams')).toBeDefined();
    expect(await pending(cleo)).toBeUndefined();
  });

  it('reads a Retry-After date on 503, stops on a refused token without counting tries, then sends the enterprise employeeNumber', async () => {
    const { t, server, world } = ctx;
    const fay = (
      await createPerson(t, {
        givenName: 'Fay',
        familyName: 'Lind',
        identifiers: [
          { kind: 'username', value: 'flind' },
          { kind: 'id-number', value: 'S-1042' },
        ],
        affiliation: { orgId: world.org.river, kind: 'learner', validFrom: '2025-09-01' },
      })
    ).id;
    const at = new Date(t.clock.now().getTime() + 300_000);
    server.throttle(1, at.toUTCString(), 503);
    expect((await runScim(t)).error).toContain('503');
    expect(new Date((await pending(fay))!.next_at as Date).toISOString()).toBe(at.toISOString());
    t.clock.advance(301_000);
    const targets = t.db().updateTable('provision_targets').where('name', '=', 'lms');
    await targets.set({ secrets: JSON.stringify({ token: 'wrong' }) }).execute();
    const refused = await runScim(t);
    expect(refused.error).toContain('bearer token (401)');
    expect((await pending(fay))!.attempts).toBe(0);
    await targets.set({ secrets: JSON.stringify({ token: server.token }) }).execute();
    expect((await runScim(t)).accounts.create).toBe(1);
    expect(server.userByName('flind')).toMatchObject({
      active: true,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: 'S-1042' },
    });
  });

  it('keeps the queue when the connection drops midway and finishes the job on the rerun', async () => {
    const { t, server, world } = ctx;
    dan = await scimLearner(t, 'Dan', 'Brown', 'dbrown', world.org.hill);
    eve = await scimLearner(t, 'Eve', 'Stone', 'estone', world.org.hill);
    await groupsApi(t).add(chess.id, { personId: dan });
    server.failAfter(1); // Dan is created; Eve and the page's join of chess never arrive
    const failed = await runScim(t);
    expect(failed.error).toContain('cannot be reached');
    expect(server.userByName('dbrown')).toBeDefined();
    expect(await syncRow(t, dan)).toBeUndefined();
    expect(await pending(dan)).toBeDefined();
    expect(await pending(eve)).toBeDefined();
    server.heal();
    const rerun = await runScim(t);
    expect(rerun.error).toBeNull();
    expect([...server.store.users.values()].filter((u) => u.userName === 'dbrown')).toHaveLength(1);
    const danUser = server.userByName('dbrown')!;
    const chessGroup = [...server.store.groups.values()].find((g) => g.displayName === 'chess')!;
    expect(chessGroup.members).toEqual([expect.objectContaining({ value: danUser.id })]);
    expect((await syncRow(t, dan))!.remote_id).toBe(`Users/${danUser.id}`);
    expect(server.userByName('estone')).toBeDefined();
    expect((await api(t, 'GET', '/provision/targets/lms')).lastError).toBeNull();
  });
});

describe('a full sync of a SCIM target', () => {
  it('lists the drift on a dry run and repairs it on a full sync', async () => {
    const { t, server } = ctx;
    const benUser = server.userByName('bokafor')!;
    (benUser.name as Record<string, string>).givenName = 'Benedict';
    server.userByName('cadams')!.active = false;
    const danUser = server.userByName('dbrown')!;
    const chessGroup = [...server.store.groups.values()].find((g) => g.displayName === 'chess')!;
    chessGroup.members = [{ value: 'stranger' }];
    server.store.users.set('stranger', { id: 'stranger', userName: 'stranger', active: true });
    const [aff] = await api(t, 'GET', `/people/${eve}/affiliations`);
    await api(
      t,
      'PATCH',
      `/people/${eve}/affiliations/${aff.id}`,
      { validTo: t.clock.now().toISOString().slice(0, 10) },
      { 'if-match': `"${aff.version}"` },
    );
    t.clock.advanceDays(1);
    const dry = await api(t, 'POST', '/provision/targets/lms/sync', { dryRun: true });
    const fixes = (dry.fixes as { objectId: number | null; action: string; detail: string }[]).map(
      (f) => `${f.objectId ?? '-'} ${f.action}: ${f.detail}`,
    );
    expect(fixes).toEqual([
      `${ben} update: set name.givenName`,
      `${cleo} enable: activate`,
      `${dan} update: join group:${chess.id}`,
      `${eve} disable: deactivate`,
      `- remove-members: members Steward did not provision: stranger`,
      `- unmanaged: stranger: a user Steward did not write; left as it is`,
    ]);
    expect(server.userByName('bokafor')!.name).toMatchObject({ givenName: 'Benedict' });
    const full = await api(t, 'POST', '/provision/targets/lms/sync', {});
    expect(full).toMatchObject({ state: 'done', counts: { update: 2, enable: 1, disable: 1, failed: 0 } });
    expect(server.userByName('bokafor')!.name).toMatchObject({ givenName: 'Ben' });
    expect(server.userByName('cadams')!.active).toBe(true);
    expect(server.userByName('estone')!.active).toBe(false);
    expect(server.userByName('stranger')).toMatchObject({ active: true });
    const chessNow = [...server.store.groups.values()].find((g) => g.displayName === 'chess')!;
    expect(chessNow.members).toEqual([expect.objectContaining({ value: danUser.id })]);
    expect((await syncRow(t, eve))!.state).toBe('disabled');
  });
});
