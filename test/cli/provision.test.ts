import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addOrg, createPerson } from '../registry/world.ts';
import { addType } from '../status/world.ts';
import { useCliWorld } from './cli-world.ts';
import { runCli } from './run-cli.ts';

/**
 * `steward provision …` against a running server (issue 12): a webhook target whose receiver
 * is down and an LDAP target whose directory nothing listens on (ldap://127.0.0.1:1), so every
 * failure below is a real one the server met and the CLI reports.
 */
describe('steward provision against a running server', () => {
  const world = useCliWorld({ start: '2026-10-05T08:00:00Z' });
  const { steward } = world;
  beforeAll(async () => {
    await addType(world.t, { name: 'Staff', rank: 500, match: { kinds: ['staff'] } });
  });
  const password = 'Bind-Secret-7f3a9';
  const file = (name: string, value: unknown) => {
    const path = join(world.dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const withStdin = (stdin: string, ...args: string[]) =>
    runCli(
      args,
      {
        STEWARD_URL: world.url,
        STEWARD_TOKEN: world.t.tokens.admin,
        STEWARD_CREDENTIALS: join(world.dir, 'none.json'),
      },
      stdin,
    );
  const ldap = {
    name: 'campus-dir',
    kind: 'ldap',
    label: 'Campus directory',
    selection: { statuses: ['Staff'] },
    settings: {
      url: 'ldap://127.0.0.1:1',
      bindDn: 'cn=steward,dc=example,dc=edu',
      baseDn: 'ou=people,dc=example,dc=edu',
      groupsDn: 'ou=groups,dc=example,dc=edu',
      timeoutSeconds: 2,
    },
  };
  const pendingRow = (targetId: number, personId: number) =>
    world.t
      .db()
      .selectFrom('provision_pending')
      .selectAll()
      .where('target_id', '=', targetId)
      .where('object_type', '=', 'person')
      .where('object_id', '=', personId)
      .executeTakeFirst();

  it('creates both kinds, shows a generated secret once and a password never, and refuses a bad one by field', async () => {
    const hook = await steward(
      'provision',
      'create',
      '--file',
      file('hook.json', {
        name: 'hr-hook',
        kind: 'webhook',
        settings: { url: 'http://127.0.0.1:1/events', events: ['person.*'], timeoutSeconds: 2 },
        maxAttempts: 1,
      }),
    );
    expect(hook.code, hook.stderr).toBe(0);
    const secret = /webhook secret .*: (whsec_\S+)/.exec(hook.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(hook.stdout).toContain('it will not be shown again');
    expect((await steward('provision', 'show', 'hr-hook')).stdout).not.toContain(secret);

    const dir = await withStdin(
      `${password}\n`,
      'provision',
      'create',
      '--file',
      file('ldap.json', ldap),
      '--password-stdin',
    );
    expect(dir.code, dir.stderr).toBe(0);
    expect(dir.stdout).toContain('Campus directory (target campus-dir, ldap, active, version 1)');
    expect(dir.stdout).not.toContain('webhook secret');
    const stored = await world.t
      .db()
      .selectFrom('provision_targets')
      .select('secrets')
      .where('name', '=', 'campus-dir')
      .executeTakeFirstOrThrow();
    expect(stored.secrets).toEqual({ password });

    const show = await steward('provision', 'show', 'campus-dir');
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('secrets    password: set');
    expect(show.stdout).toMatch(/url\s+ldap:\/\/127\.0\.0\.1:1/);
    expect(show.stdout).toMatch(/sAMAccountName\s+\{username\}/);
    expect(show.stdout).toContain('lifecycle  disable when no longer selected, delete after 90 days');
    for (const out of [show.stdout, (await steward('--json', 'provision', 'show', 'campus-dir')).stdout, dir.stdout])
      expect(out).not.toContain(password);

    const list = await steward('provision', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^campus-dir\s+ldap\s+active\s+0\s+0\s+0\s+0\s+-/m);
    expect(list.stdout).toMatch(/^hr-hook\s+webhook\s+active\s+/m);

    const bad = await steward(
      'provision',
      'create',
      '--file',
      file('bad.json', { ...ldap, name: 'bad', settings: { ...ldap.settings, url: 'http://x' } }),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/settings/url: must be a ldap:// or ldaps:// address [format:url]');
    expect((await steward('provision', 'list')).stdout).not.toMatch(/^bad\s/m);
  });

  it('edits from a file of changes, refuses a stale version, pauses and resumes', async () => {
    const edit = await steward(
      'provision',
      'edit',
      'campus-dir',
      '--file',
      file('changes.json', {
        label: 'Directory',
        settings: { timeoutSeconds: 3 },
        lifecycle: { deleteAfterDays: 30 },
      }),
    );
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toContain('Directory (target campus-dir, ldap, active, version 2)');
    expect(edit.stdout).toMatch(/timeoutSeconds\s+3/);
    expect(edit.stdout).toMatch(/bindDn\s+cn=steward,dc=example,dc=edu/);
    expect(edit.stdout).toContain('delete after 30 days');
    expect(edit.stdout).toContain('password: set');

    const stale = await steward(
      'provision',
      'edit',
      'campus-dir',
      '--if-version',
      '1',
      '--file',
      file('stale.json', { label: 'Lost' }),
    );
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('target campus-dir changed since you read it');
    expect((await steward('provision', 'show', 'campus-dir')).stdout).toContain('Directory (target campus-dir');

    const pause = await steward('provision', 'pause', 'campus-dir');
    expect(pause.code, pause.stderr).toBe(0);
    expect(pause.stdout).toBe('target campus-dir is paused\n');
    expect((await steward('provision', 'list')).stdout).toMatch(/^campus-dir\s+ldap\s+paused\s/m);
    expect((await steward('provision', 'resume', 'campus-dir')).stdout).toBe('target campus-dir is active\n');
  });

  it('runs the LDAP target into its unreachable directory and keeps the error as the last error', async () => {
    const org = await addOrg(world.t, 'LIB');
    await createPerson(world.t, {
      givenName: 'Mira',
      familyName: 'Solberg',
      identifiers: [{ kind: 'username', value: 'msolberg' }],
      affiliation: { orgId: org, kind: 'staff', validFrom: '2026-01-01' },
    });
    const run = await steward('provision', 'run', 'campus-dir');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('pass of campus-dir: FAILED');
    const error = /error: (.+)/.exec(run.stdout)?.[1];
    expect(error).toMatch(/ECONNREFUSED|connect/i);
    const list = await steward('provision', 'list');
    expect(list.stdout).toMatch(/^campus-dir\s+ldap\s+active\s+0\s+0\s+\d+\s+0\s+2026-10-05 08:00 UTC\s+\S/m);
    expect(list.stdout).toContain(error!.slice(0, 20));
  });

  it('lists the error queue, retries and skips an object, and the rows change', async () => {
    const person = await world.t.call(world.t.tokens.admin, {
      method: 'POST',
      url: '/people',
      payload: { givenName: 'Ilse', familyName: 'Brennan' },
    });
    expect(person.statusCode).toBe(201);
    const personId: number = person.json().id;
    const target = await world.t
      .db()
      .selectFrom('provision_targets')
      .select('id')
      .where('name', '=', 'campus-dir')
      .executeTakeFirstOrThrow();
    const now = world.t.clock.now();
    await world.t
      .db()
      .insertInto('provision_pending')
      .values({
        target_id: target.id,
        object_type: 'person',
        object_id: personId,
        since: now,
        attempts: 3,
        next_at: new Date(now.getTime() + 3_600_000),
        state: 'retrying',
        last_error: 'Constraint violation: sAMAccountName is already taken',
      })
      .onConflict((c) =>
        c.columns(['target_id', 'object_type', 'object_id']).doUpdateSet({
          attempts: 3,
          state: 'retrying',
          last_error: 'Constraint violation: sAMAccountName is already taken',
        }),
      )
      .execute();

    const errors = await steward('provision', 'errors', 'campus-dir');
    expect(errors.code, errors.stderr).toBe(0);
    expect(errors.stdout).toMatch(/^object\s+label\s+attempts\s+next try\s+last error$/m);
    expect(errors.stdout).toMatch(
      new RegExp(
        `^person ${personId}\\s+Ilse Brennan\\s+3\\s+2026-10-05 09:00 UTC\\s+Constraint violation: sAMAccountName is already taken$`,
        'm',
      ),
    );
    expect((await steward('provision', 'queue', 'campus-dir', '--state', 'retrying')).stdout).toMatch(
      new RegExp(`^person ${personId}\\s+Ilse Brennan\\s+retrying\\s+3`, 'm'),
    );

    const none = await steward('provision', 'retry', 'campus-dir');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('name the objects (--person, --group, --unit) or --all');

    const retry = await steward('provision', 'retry', 'campus-dir', '--person', String(personId));
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toBe('1 object queued to be tried again now\n');
    expect(await pendingRow(target.id, personId)).toMatchObject({ attempts: 0, state: 'pending', next_at: now });

    const skip = await steward('provision', 'skip', 'campus-dir', '--person', String(personId), '--group', '999999');
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stdout).toBe('1 object skipped until their next change\n');
    expect(await pendingRow(target.id, personId)).toBeUndefined();
    expect((await steward('provision', 'errors', 'campus-dir')).stdout).not.toContain(`person ${personId}`);
  });

  it('reports a full sync that cannot reach the directory, and refuses a sync of a webhook target', async () => {
    const sync = await steward('provision', 'sync', 'campus-dir', '--dry-run');
    expect(sync.code).toBe(1);
    expect(sync.stdout).toMatch(/^dry run of a full sync of campus-dir \(run \d+\): failed$/m);
    expect(sync.stderr).toMatch(/^dry run of campus-dir failed: .*(ECONNREFUSED|connect)/im);

    const hook = await steward('provision', 'sync', 'hr-hook');
    expect(hook.code).toBe(1);
    expect(hook.stderr).toContain('target hr-hook is a webhook target; a full sync reads a directory');
    const deliveries = await steward('provision', 'deliveries', 'campus-dir');
    expect(deliveries.code).toBe(1);
    expect(deliveries.stderr).toContain('/name: ');
    expect(deliveries.stderr).toContain('[kind]');
  });

  it('dead-letters the deliveries the receiver never took, lists it and replays it', async () => {
    const run = await steward('provision', 'run', 'hr-hook');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('deliveries  delivered 0, failed 0, dead 2');

    const dead = await steward('provision', 'deliveries', 'hr-hook', '--state', 'dead');
    expect(dead.code, dead.stderr).toBe(0);
    const row = new RegExp(`^(\\d+)\\s+edu\\.steward\\.person\\.created\\s+person/\\d+\\s+dead\\s+1\\s+\\S`, 'm').exec(
      dead.stdout,
    );
    expect(row, dead.stdout).not.toBeNull();
    const id = Number(row![1]);

    const replay = await steward('provision', 'replay', 'hr-hook', '--id', String(id));
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toBe('1 delivery queued to be delivered again\n');
    const delivery = await world.t
      .db()
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(delivery.state).toBe('pending');
    const left = await steward('provision', 'deliveries', 'hr-hook', '--state', 'dead');
    expect(left.stdout).not.toMatch(new RegExp(`^${id}\\s`, 'm'));
    expect(left.stdout).toMatch(/\bdead\s+1\s/);
    expect((await steward('provision', 'replay', 'hr-hook')).stdout).toBe('1 delivery queued to be delivered again\n');
    expect((await steward('provision', 'deliveries', 'hr-hook', '--state', 'dead')).stdout).toBe('(none)\n');
  });

  it('removes a target only with --yes', async () => {
    const ask = await steward('provision', 'remove', 'hr-hook');
    expect(ask.code).toBe(1);
    expect(ask.stderr).toContain('Run again with --yes to remove it');
    expect((await steward('provision', 'list')).stdout).toMatch(/^hr-hook\s/m);
    const remove = await steward('provision', 'remove', 'hr-hook', '--yes');
    expect(remove.code, remove.stderr).toBe(0);
    expect(remove.stdout).toBe('removed target hr-hook\n');
    expect((await steward('provision', 'list')).stdout).not.toMatch(/^hr-hook\s/m);
  });
});
