import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { storageKind } from '../harness.ts';
import { addOrg } from '../registry/world.ts';
import { useCliWorld } from './cli-world.ts';

describe(`steward jobs, and imports and recomputes run as jobs (${storageKind})`, () => {
  const world = useCliWorld();

  it('imports a file as a job and prints the summary; the job is listed and shown with its counts', async () => {
    const { t, steward, dir } = world;
    await addOrg(t, 'CHEM');
    await t.app.status.types.createType(systemActor('test'), {
      name: 'Staff',
      rank: 700,
      category: 'employee',
      match: { kinds: ['staff'] },
    });
    const file = join(dir, 'people.csv');
    writeFileSync(
      file,
      'source_key,given_name,family_name,org_code,affiliation_kind\nK1,Ada,Kite,CHEM,staff\nK2,Bo,Kite,CHEM,staff\n',
    );
    const imported = await steward('import', 'people', file, '--source', 'hr', '--job');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('2 rows: 2 created, 0 updated, 0 unchanged, 0 failed');

    const list = await steward('jobs', 'list', '--kind', 'people-import');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/people-import\s+hr\s+succeeded\s+2\/2 rows/);
    const id = (await t.app.jobs.list(systemActor('test'), { kind: 'people-import' }))[0].id;
    const shown = await steward('jobs', 'show', String(id));
    expect(shown.stdout).toContain(`job ${id} (people-import of hr): SUCCEEDED`);
    expect(shown.stdout).toContain('counts      created 2, errors 0, failed 0, rows 2, unchanged 0, updated 0');

    const recomputed = await steward('status', 'recompute', '--job', '--batch-size', '1');
    expect(recomputed.code, recomputed.stderr).toBe(0);
    expect(recomputed.stdout).toMatch(/^job \d+: 2 people: 0 statuses opened, 0 updated, 0 closed, 0 deleted/);
  });

  it('shows a failed job with why, exiting 1, and refuses an unknown job', async () => {
    const { t, steward } = world;
    const now = t.clock.now();
    const { id } = await t
      .db()
      .insertInto('jobs')
      .values({
        kind: 'status-recompute',
        subject: null,
        state: 'running',
        started_by: 'root',
        started_by_id: null,
        progress_done: 3,
        progress_total: 9,
        counts: '{}',
        result: null,
        failure: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.app.jobs.failInterrupted();
    const shown = await steward('jobs', 'show', String(id), '--follow');
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain('failure     interrupted: the process running it stopped after 3 of 9 people');
    const missing = await steward('jobs', 'show', '999999');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('job 999999 does not exist');
  });
});
