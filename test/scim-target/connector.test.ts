import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimError, openScimClient } from '../../src/provision/scim/scim-connector.ts';
import { allUsers } from '../../src/provision/scim/scim-full-sync.ts';
import { startScimmy, type ScimmyServer } from '../support/scimmy-server.ts';

// The SCIM connector against a real SCIMMY server, without Steward: paging through the users,
// adopting on 409, membership by PATCH, and what each kind of failure is called.

let server: ScimmyServer;
const now = () => new Date('2026-09-01T09:00:00Z');
const client = () => openScimClient({ url: server.url, timeoutSeconds: 5, groupFolders: [] }, server.token, now);

beforeAll(async () => {
  server = await startScimmy();
});
afterAll(async () => {
  await server?.stop();
});

describe('the SCIM connector', () => {
  it('pages through the users with startIndex and count until totalResults', async () => {
    for (const n of [1, 2, 3, 4, 5]) await client().createUser({ userName: `p${n}` });
    const before = server.log.length;
    const users = await allUsers(client(), 2);
    expect(users.map((u) => u.userName)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(server.log.slice(before).map((r) => r.path)).toEqual([
      '/scim/v2/Users?startIndex=1&count=2',
      '/scim/v2/Users?startIndex=3&count=2',
      '/scim/v2/Users?startIndex=5&count=2',
    ]);
  });

  it('adopts the user holding a userName and sets its values; a second create finds the same one', async () => {
    const first = await client().createUser({ userName: 'q1', displayName: 'One' });
    const again = await client().createUser({ userName: 'q1', displayName: 'Uno' });
    expect(again).toEqual({ id: first.id, adopted: true });
    expect(server.userByName('q1')).toMatchObject({ displayName: 'Uno', active: true });
  });

  it('adds and removes one member by PATCH; removing an absent member or deleting a gone user is done', async () => {
    const c = client();
    const gid = await c.ensureGroup('club');
    expect(await c.ensureGroup('club')).toBe(gid);
    const { id } = await c.createUser({ userName: 'r1' });
    await c.addMembers(gid, [id]);
    await c.addMembers(gid, [id]);
    expect(await c.groupMembers(gid)).toEqual([id]);
    await c.removeMember(gid, id);
    await c.removeMember(gid, id);
    expect(await c.groupMembers(gid)).toEqual([]);
    await c.deleteUser(id);
    await c.deleteUser(id);
    expect(server.userByName('r1')).toBeUndefined();
  });

  it('names failures: busy with the Retry-After time, refused with the status, unreachable', async () => {
    server.throttle(1, '7');
    const busy = await client()
      .listUsers(1, 1)
      .catch((e: unknown) => e);
    expect(busy).toMatchObject({ kind: 'busy', status: 429, retryAt: new Date('2026-09-01T09:00:07Z') });
    const refused = await client()
      .patchUser('nobody', { displayName: 'x' }, [])
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'refused', status: 404 });
    server.failAfter(0);
    const down = await client()
      .listUsers(1, 1)
      .catch((e: unknown) => e);
    server.heal();
    expect(down).toBeInstanceOf(ScimError);
    expect(down).toMatchObject({ kind: 'unreachable' });
  });
});
