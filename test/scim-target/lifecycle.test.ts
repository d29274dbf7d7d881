import { describe, expect, it } from 'vitest';
import { groupsApi } from '../groups/world.ts';
import { api } from '../ldap/provision-world.ts';
import { runScim, scimFile, scimLearner, scimTarget, syncRow } from './scim-world.ts';

// A learner's life in an application that speaks SCIM 2.0 (a real SCIMMY server): created with
// the mapped attributes, a changed name patched, pushed group membership added and removed by
// PATCH (never a replace of the member list), deactivated on leaving, deleted after the retention.

const ctx = scimFile();
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
let ana: number;
let hill: { id: number; name: string };
let river: { id: number; name: string };

describe('a learner provisioned into a SCIM application', () => {
  it('creates the user with the mapped attributes and records its id; the token is never shown back', async () => {
    const { t, server, world } = ctx;
    const g = groupsApi(t);
    const folder = await g.folder('schools');
    hill = await g.group(folder.id, 'hill-learners');
    river = await g.group(folder.id, 'river-learners');
    ana = await scimLearner(t, 'Ana', 'Silva', 'asilva', world.org.hill);
    await g.add(hill.id, { personId: ana });
    const created = await scimTarget(t, server, { settings: { url: server.url, groupFolders: ['schools'] } });
    expect(created.secretsSet).toEqual(['token']);
    expect(JSON.stringify(await api(t, 'GET', '/provision/targets/lms'))).not.toContain(server.token);
    const report = await runScim(t);
    expect(report.error).toBeNull();
    expect(report.accounts.create).toBe(1);
    const user = server.userByName('asilva')!;
    expect(user).toMatchObject({
      userName: 'asilva',
      externalId: String(ana),
      active: true,
      name: { givenName: 'Ana', familyName: 'Silva' },
      emails: [{ value: 'asilva@district.example.edu', primary: true }],
    });
    expect(user[ENTERPRISE]).toBeUndefined();
    expect((await syncRow(t, ana))!.remote_id).toBe(`Users/${user.id}`);
    const groups = [...server.store.groups.values()];
    expect(groups.map((x) => x.displayName).sort()).toEqual(['hill-learners', 'river-learners']);
    const hillGroup = groups.find((x) => x.displayName === 'hill-learners')!;
    expect(hillGroup.members).toEqual([expect.objectContaining({ value: user.id })]);
    const panel = await api(t, 'GET', `/people/${ana}/provisioning`);
    expect(panel[0]).toMatchObject({ target: 'lms', provisioned: true, remoteId: `Users/${user.id}` });
  });

  it('patches only the changed name, with the same id', async () => {
    const { t, server } = ctx;
    const person = await api(t, 'GET', `/people/${ana}`);
    await api(t, 'PATCH', `/people/${ana}`, { familyName: 'Silva-Okafor' }, { 'if-match': `"${person.version}"` });
    const before = server.log.length;
    const report = await runScim(t);
    expect(report.accounts.update).toBe(1);
    const user = server.userByName('asilva')!;
    expect(user.name).toMatchObject({ givenName: 'Ana', familyName: 'Silva-Okafor' });
    const writes = server.log.slice(before).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /scim/v2/Users/${user.id}`]);
    const ops = (writes[0].body as { Operations: { op: string; path: string }[] }).Operations;
    expect(ops.map((o) => `${o.op} ${o.path}`).sort()).toEqual(['replace displayName', 'replace name.familyName']);
  });

  it('moves group membership by PATCH add and remove, never replacing the member list', async () => {
    const { t, server } = ctx;
    const g = groupsApi(t);
    const members = await api(t, 'GET', `/groups/${hill.id}/members`);
    await g.ok(
      {
        method: 'DELETE',
        url: `/groups/${hill.id}/members/${members[0].id}`,
        headers: { 'if-match': `"${members[0].version}"` },
      },
      204,
    );
    await g.add(river.id, { personId: ana });
    const before = server.log.length;
    expect((await runScim(t)).error).toBeNull();
    const user = server.userByName('asilva')!;
    const byName = (n: string) => [...server.store.groups.values()].find((x) => x.displayName === n)!;
    expect(byName('hill-learners').members).toEqual([]);
    expect(byName('river-learners').members).toEqual([expect.objectContaining({ value: user.id })]);
    const groupWrites = server.log.slice(before).filter((r) => r.path.includes('/Groups/') && r.method !== 'GET');
    expect(groupWrites.map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    const ops = groupWrites.flatMap((r) => (r.body as { Operations: { op: string; path: string }[] }).Operations);
    expect(ops.map((o) => `${o.op} ${o.path}`)).toEqual([`remove members[value eq "${user.id}"]`, 'add members']);
    expect(server.log.some((r) => r.method === 'PUT')).toBe(false);
    expect(
      server.log.some((r) =>
        ((r.body as { Operations?: { op: string; path?: string }[] })?.Operations ?? []).some(
          (o) => o.op === 'replace' && (o.path ?? 'members').startsWith('members'),
        ),
      ),
    ).toBe(false);
  });

  it('renames a pushed group in place, and makes a user deleted by hand again', async () => {
    const { t, server } = ctx;
    const group = await api(t, 'GET', `/groups/${river.id}`);
    await api(t, 'PATCH', `/groups/${river.id}`, { extension: 'riverside' }, { 'if-match': `"${group.version}"` });
    const old = server.userByName('asilva')!;
    const deleted = await fetch(`${server.url}/Users/${old.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(deleted.status).toBe(204);
    const person = await api(t, 'GET', `/people/${ana}`);
    await api(t, 'PATCH', `/people/${ana}`, { givenName: 'Anna' }, { 'if-match': `"${person.version}"` });
    expect((await runScim(t)).accounts.create).toBe(1);
    const renamed = [...server.store.groups.values()].find((x) => x.displayName === 'riverside')!;
    const user = server.userByName('asilva')!;
    expect(user).toMatchObject({ name: { givenName: 'Anna' }, active: true });
    expect(renamed.members).toEqual([expect.objectContaining({ value: user.id })]);
    expect((await syncRow(t, ana))!.remote_id).toBe(`Users/${user.id}`);
  });

  it('deactivates a learner who leaves, takes them out of the groups, and deletes them after the retention', async () => {
    const { t, server } = ctx;
    const [aff] = await api(t, 'GET', `/people/${ana}/affiliations`);
    await api(
      t,
      'PATCH',
      `/people/${ana}/affiliations/${aff.id}`,
      { validTo: '2026-09-01' },
      { 'if-match': `"${aff.version}"` },
    );
    t.clock.advanceDays(1);
    const report = await runScim(t);
    expect(report.accounts.disable).toBe(1);
    const user = server.userByName('asilva')!;
    expect(user.active).toBe(false);
    const riverside = [...server.store.groups.values()].find((x) => x.displayName === 'riverside')!;
    expect(riverside.members).toEqual([]);
    expect((await syncRow(t, ana))!.state).toBe('disabled');
    t.clock.advanceDays(29);
    await runScim(t);
    expect(server.userByName('asilva')).toBeDefined();
    t.clock.advanceDays(2);
    const gone = await runScim(t);
    expect(gone.accounts.delete).toBe(1);
    expect(server.userByName('asilva')).toBeUndefined();
    expect(await syncRow(t, ana)).toBeUndefined();
  });

  it('sends the joins of a page as one PATCH add per group', async () => {
    const { t, server, world } = ctx;
    const g = groupsApi(t);
    for (const [given, user] of [
      ['Gil', 'gmoss'],
      ['Hal', 'hmoss'],
    ]) {
      const id = await scimLearner(t, given, 'Moss', user, world.org.river);
      await g.add(river.id, { personId: id });
    }
    const before = server.log.length;
    expect((await runScim(t)).accounts.create).toBe(2);
    const joins = server.log.slice(before).filter((r) => r.path.includes('/Groups/') && r.method === 'PATCH');
    expect(joins).toHaveLength(1);
    const [op] = (joins[0].body as { Operations: { op: string; path: string; value: { value: string }[] }[] })
      .Operations;
    const ids = ['gmoss', 'hmoss'].map((u) => server.userByName(u)!.id);
    expect(op).toEqual({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) });
  });
});
