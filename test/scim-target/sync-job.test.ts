import { describe, expect, it } from 'vitest';
import { storageKind } from '../harness.ts';
import { api } from '../ldap/provision-world.ts';
import { runScim, scimFile, scimLearner, scimTarget } from './scim-world.ts';

// A full sync of a SCIM target started with wait=false (issue 19): answered 202 with a job at once; the job plans the
// fixes (its total), applies them, and ends with the run the synchronous request would have answered.

const ctx = scimFile();

describe(`a full sync as a job (${storageKind})`, () => {
  it('answers 202 with the job, which repairs the drift and ends with the run and its counts', async () => {
    const { t, server, world } = ctx;
    await scimLearner(t, 'Ana', 'Silva', 'asilva', world.org.hill);
    await scimLearner(t, 'Ben', 'Okafor', 'bokafor', world.org.hill);
    await scimTarget(t, server);
    expect((await runScim(t)).error).toBeNull();
    (server.userByName('asilva')!.name as Record<string, string>).givenName = 'Anabel';
    server.userByName('bokafor')!.active = false;

    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/provision/targets/lms/sync?wait=false',
      payload: {},
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.headers.location).toBe(`/jobs/${r.json().id}`);
    expect(r.json()).toMatchObject({ kind: 'provision-sync', subject: 'lms', progress: { unit: 'fixes' } });
    await t.app.jobs.settled();
    const job = await api(t, 'GET', `/jobs/${r.json().id}`);
    expect(job).toMatchObject({
      state: 'succeeded',
      progress: { done: 2, total: 2 },
      counts: { update: 1, enable: 1, failed: 0 },
      result: { state: 'done', counts: { update: 1, enable: 1, failed: 0 } },
    });
    expect(server.userByName('asilva')!.name).toMatchObject({ givenName: 'Ana' });
    expect(server.userByName('bokafor')!.active).toBe(true);
    // The run is listed with the target's runs too.
    expect((await api(t, 'GET', '/provision/targets/lms/runs'))[0]).toMatchObject({ id: job.result.id, state: 'done' });
  });

  it('refuses a webhook target and an unknown query parameter before any job is made', async () => {
    const { t } = ctx;
    const before = await t.db().selectFrom('jobs').select('id').execute();
    const bad = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/provision/targets/lms/sync?wiat=false',
      payload: {},
    });
    expect(bad.statusCode).toBe(400);
    const missing = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/provision/targets/none/sync?wait=false',
      payload: {},
    });
    expect(missing.statusCode).toBe(404);
    const auditor = await t.call(t.tokens.auditor, {
      method: 'POST',
      url: '/provision/targets/lms/sync?wait=false',
      payload: {},
    });
    expect(auditor.statusCode).toBe(403);
    expect(await t.db().selectFrom('jobs').select('id').execute()).toEqual(before);
  });
});
