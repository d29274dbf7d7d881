import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { visitorLifecycle } from '../../src/guests/default-lifecycles.ts';
import { useCliWorld } from '../cli/cli-world.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { addOrg, createPerson } from '../registry/world.ts';

describe('steward guests against a running server', () => {
  const cli = useCliWorld({ start: '2026-09-01T09:00:00Z' });
  const { steward, dir } = cli;
  beforeAll(() => addOrg(cli.t, 'PHYS'));

  it('adds, shows and updates guest types; refuses a bad one naming field and rule', async () => {
    const added = await steward(
      'guests',
      'types',
      'add',
      'Visiting Researcher',
      '--lifecycle',
      'visitor',
      '--default-days',
      '120',
      '--max-days',
      '365',
      '--renewable',
      '--renewal-window',
      '30',
      '--directory',
      'O',
      '--service',
      'id-card',
      '--service',
      'it-account',
      '--reason',
      'Research',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(
      'stay        default 120, at most 365 days; renewable yes (from 30 days before the end)',
    );
    const updated = await steward('guests', 'types', 'update', 'visiting researcher', '--expiring-days', '21');
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toContain('expiring 21 days before the end');
    expect(updated.stdout).toContain('services    id-card, it-account');
    const bad = await steward('guests', 'types', 'add', 'Broken', '--default-days', '400', '--max-days', '365');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/defaultDays');
    expect(bad.stderr).toContain('[within-maximum]');
    expect((await steward('guests', 'types', 'list')).stdout).toContain('Visiting Researcher');
  });

  it('lists and shows lifecycles and saves one from a file', async () => {
    expect((await steward('guests', 'lifecycles', 'list')).stdout).toMatch(/dependant[\s\S]*tenant[\s\S]*visitor/);
    expect((await steward('guests', 'lifecycles', 'show', 'visitor')).stdout).toContain(
      'expire-soon    active → expiring  by system',
    );
    const file = join(dir, 'lc.json');
    writeFileSync(file, JSON.stringify({ ...visitorLifecycle, name: 'short-visit', label: 'Short visit' }));
    const saved = await steward('guests', 'lifecycles', 'put', 'short-visit', file);
    expect(saved.code, saved.stderr).toBe(0);
    writeFileSync(file, JSON.stringify({ ...visitorLifecycle, name: 'short-visit', initial: 'nowhere' }));
    const bad = await steward('guests', 'lifecycles', 'put', 'short-visit', file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('/initial');
  });

  it('registers a guest, sweeps, renews and ends them', async () => {
    const physics = await addOrg(cli.t, 'CHEM');
    const p = await createPerson(cli.t, { givenName: 'Vera', familyName: 'Visitor' });
    const added = await steward(
      'guests',
      'add',
      '--person',
      String(p.id),
      '--type',
      'Visiting Researcher',
      '--to',
      '2026-09-20',
      '--host',
      'CHEM',
      '--reason',
      'Research',
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Visiting Researcher, pending since 2026-09-01');
    const swept = await steward('guests', 'sweep');
    expect(swept.stdout).toContain('visitor/activate: 1');
    const id = (
      await cli.t.db().selectFrom('guests').select('id').where('host_org_id', '=', physics).executeTakeFirstOrThrow()
    ).id;
    const renewed = await steward('guests', 'renew', String(id), '2027-06-30');
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout).toContain('active, valid 2026-09-01 – 2027-06-30');
    const ended = await steward('guests', 'transition', String(id), 'end-now', '--reason', 'left early');
    expect(ended.stdout).toContain('disabled since 2026-09-01');
    const shown = await steward('guests', 'show', String(id));
    expect(shown.stdout).toMatch(/activate\s+pending\s+→ active\s+due 2026-09-01/);
    expect(shown.stdout).toMatch(/end-now\s+active\s+→ disabled\s+by root/);
    expect((await steward('guests', 'list', '--state', 'disabled')).stdout).toContain('Visiting Researcher');
  });

  it('shows a handed-over guest and lets a guest manager of the unit take it over', async () => {
    const t = cli.t;
    const bio = await addOrg(t, 'BIO');
    const leaving = await createPerson(t, {
      givenName: 'Lee',
      familyName: 'Leaving',
      affiliation: { orgId: bio, kind: 'staff', validFrom: '2020-01-01', validTo: '2026-09-02' },
    });
    const mia = await createPerson(t, {
      givenName: 'Mia',
      familyName: 'Manager',
      affiliation: { orgId: bio, kind: 'staff', validFrom: '2020-01-01' },
    });
    const user = await t.app.accounts.createUser(systemActor('test'), {
      username: 'mia',
      displayName: 'Mia',
      password: 'correct horse battery',
      personId: mia.id,
      roles: [{ role: 'orgadmin', orgId: bio }],
    });
    const token = (await t.app.accounts.createToken(systemActor('test'), { name: 'cli', userId: user.id })).token;
    const visitor = await createPerson(t, { givenName: 'Vera', familyName: 'Visiting' });
    const added = await steward(
      'guests',
      'add',
      '--person',
      String(visitor.id),
      '--type',
      'Visiting Researcher',
      '--to',
      '2026-12-20',
      '--host',
      'BIO',
      '--guarantor',
      String(leaving.id),
      '--reason',
      'Research',
    );
    expect(added.code, added.stderr).toBe(0);
    const id = (await t.db().selectFrom('guests').select('id').where('host_org_id', '=', bio).executeTakeFirstOrThrow())
      .id;
    t.clock.set('2026-09-05T09:00:00Z');
    expect((await steward('guests', 'sweep')).stdout).toContain('handovers: 1 opened, 0 closed');
    const shown = await steward('guests', 'show', String(id));
    expect(shown.stdout).toContain(`handed over guarantor ${leaving.id} no longer vouches; BIO until 2026-09-19`);
    const refused = await steward('guests', 'take-over', String(id));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('account-person');
    const took = await cli.as(token)('guests', 'take-over', String(id), '--reason', 'I host her now');
    expect(took.code, took.stderr).toBe(0);
    expect(took.stdout).toContain(`guest ${id}: guarantor ${mia.id}, sponsor -`);
    expect((await steward('guests', 'show', String(id))).stdout).not.toContain('handed over');
  });
});
