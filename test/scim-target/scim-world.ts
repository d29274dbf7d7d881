import { afterAll, beforeAll } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { api, districtWorld } from '../ldap/provision-world.ts';
import { createPerson } from '../registry/world.ts';
import { startScimmy, type ScimmyServer } from '../support/scimmy-server.ts';

/**
 * The SCIM target stories: the district of the LDAP stories (DIST, HILL, RIVER; Learner) and
 * an application that speaks SCIM 2.0 (a real SCIMMY server in the test process) that Steward
 * provisions learners into as the target `lms`.
 */
export async function scimLearner(t: TestApp, given: string, family: string, username: string, orgId: number) {
  return (
    await createPerson(t, {
      givenName: given,
      familyName: family,
      identifiers: [{ kind: 'username', value: username }],
      emails: [{ address: `${username}@district.example.edu` }],
      affiliation: { orgId, kind: 'learner', validFrom: '2025-09-01' },
    })
  ).id;
}

export async function scimTarget(t: TestApp, server: ScimmyServer, extra: Record<string, unknown> = {}) {
  return api(t, 'POST', '/provision/targets', {
    name: 'lms',
    label: 'Learning platform',
    kind: 'scim',
    settings: { url: server.url, timeoutSeconds: 5 },
    secrets: { token: server.token },
    selection: { statuses: ['Learner'] },
    lifecycle: { deleteAfterDays: 30 },
    ...extra,
  });
}

export async function runScim(t: TestApp) {
  return (await api(t, 'POST', '/provision/targets/lms/run')) as {
    error: string | null;
    held: boolean;
    accounts: Record<string, number>;
  };
}

/** The learner's sync row: the remote id Steward recorded and its state. */
export async function syncRow(t: TestApp, personId: number) {
  return t
    .db()
    .selectFrom('provision_objects')
    .selectAll()
    .where('object_type', '=', 'person')
    .where('object_id', '=', personId)
    .executeTakeFirst();
}

/** A SCIMMY server and a Steward with the district for one test file, stopped after it. */
export function scimFile() {
  const ctx = {} as { t: TestApp; server: ScimmyServer; world: Awaited<ReturnType<typeof districtWorld>> };
  beforeAll(async () => {
    ctx.server = await startScimmy();
    ctx.t = await makeTestApp();
    ctx.world = await districtWorld(ctx.t);
  });
  afterAll(async () => {
    await ctx.t?.close();
    await ctx.server?.stop();
  });
  return ctx;
}
