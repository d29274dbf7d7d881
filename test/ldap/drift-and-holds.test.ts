import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { groupsApi } from '../groups/world.ts';
import { startSlapd, type Slapd } from '../support/slapd.ts';
import {
  accounts,
  api,
  BASE,
  changeTarget,
  districtWorld,
  learner,
  ldapTarget,
  members,
  run,
} from './provision-world.ts';

// Drift repair (an account edited or deleted by hand, a stray group member), the held mass
// change, two learners of one name in one school, and errors a person can read.

let t: TestApp;
let slapd: Slapd;
let world: Awaited<ReturnType<typeof districtWorld>>;
let group: { id: number; name: string };
const people: number[] = [];

beforeAll(async () => {
  slapd = await startSlapd();
  t = await makeTestApp();
  world = await districtWorld(t);
  const g = groupsApi(t);
  group = await g.group((await g.folder('schools')).id, 'hill-learners');
  for (let i = 0; i < 30; i++) {
    const id = await learner(t, 'Kim', `Lee${String(i).padStart(2, '0')}`, `klee${i}`, world.org.hill);
    people.push(id);
    if (i < 3) await g.add(group.id, { personId: id });
  }
  await ldapTarget(t, slapd, { groups: [{ group: group.name }] });
  expect((await run(t)).error).toBeNull();
});

afterAll(async () => {
  await t?.close();
  await slapd?.stop();
});

const sync = async (dryRun: boolean) =>
  (await api(t, 'POST', '/provision/targets/district-ad/sync', { dryRun })) as {
    state: string;
    counts: Record<string, number>;
    fixes: { action: string; dn: string; detail: string }[];
  };

describe('full sync', () => {
  it('lists the drift in a dry run, changes nothing, then repairs each and reports it', async () => {
    const before = await accounts(slapd);
    const edited = before.get('klee1')!.dn;
    const deleted = before.get('klee2')!.dn;
    await slapd.ldapadd(`dn: ${edited}\nchangetype: modify\nreplace: sn\nsn: Hacked\n`);
    await slapd.ldapadd(`dn: ${deleted}\nchangetype: delete\n`);
    const stray = before.get('klee9')!.dn;
    const intruder = `cn=intruder,${BASE}`;
    await slapd.ldapadd(`dn: ${intruder}\nobjectClass: organizationalRole\ncn: intruder\n`);
    for (const member of [stray, intruder])
      await slapd.ldapadd(
        `dn: cn=hill-learners,ou=groups,${BASE}\nchangetype: modify\nadd: member\nmember: ${member}\n`,
      );

    const dry = await sync(true);
    expect(dry.state).toBe('done');
    const byAction = (action: string) => dry.fixes.filter((f) => f.action === action);
    expect(byAction('update').map((f) => f.dn)).toEqual([edited, stray]);
    expect(byAction('update')[1].detail).toBe(`removeMembers cn=hill-learners,ou=groups,${BASE}`);
    expect(byAction('create').map((f) => f.dn)).toEqual([deleted]);
    expect(byAction('remove-members')).toEqual([
      expect.objectContaining({ dn: `cn=hill-learners,ou=groups,${BASE}`, detail: `stray members: ${intruder}` }),
    ]);
    expect((await accounts(slapd)).has('klee2')).toBe(false);

    const real = await sync(false);
    expect(real.state).toBe('done');
    expect(real.counts).toMatchObject({ update: 2, create: 1, 'remove-members': 1, failed: 0 });
    const after = await accounts(slapd);
    expect(after.get('klee2')!.dn).toBe(deleted);
    const sn = await slapd.search(edited, '(objectClass=*)', ['sn']);
    expect(sn[0].attributes.sn).toEqual(['Lee01']);
    const left = await members(slapd, 'hill-learners');
    expect(left).not.toContain(stray.toLowerCase());
    expect(left).not.toContain(intruder.toLowerCase());
    expect(left).toHaveLength(3);
    expect((await sync(true)).fixes.filter((f) => f.action !== 'none')).toEqual([]);
  });
});

describe('a mass change', () => {
  it('is held above the threshold, applies nothing, and goes ahead once released', async () => {
    for (const id of people.slice(10, 20)) {
      const [aff] = await api(t, 'GET', `/people/${id}/affiliations`);
      await api(
        t,
        'PATCH',
        `/people/${id}/affiliations/${aff.id}`,
        { validTo: '2026-08-31' },
        { 'if-match': `"${aff.version}"` },
      );
    }
    const report = await run(t);
    expect(report.held).toBe(true);
    const target = await api(t, 'GET', '/provision/targets/district-ad');
    expect(target.hold.reason).toBe('would disable or delete 10 of 30 accounts (33.3 %), above the threshold of 10 %');
    const disabled = [...(await accounts(slapd)).values()].filter(
      (a) => a.attributes.useraccountcontrol?.[0] === '514',
    );
    expect(disabled).toEqual([]);

    const released = await api(t, 'POST', '/provision/targets/district-ad/release');
    expect(released.accounts.disable).toBe(10);
    expect((await api(t, 'GET', '/provision/targets/district-ad')).hold).toBeNull();
    const now = [...(await accounts(slapd)).values()].filter((a) => a.attributes.useraccountcontrol?.[0] === '514');
    expect(now).toHaveLength(10);
  });
});

describe('two learners of one name in one school', () => {
  it('get distinct, deterministic names, and the second keeps its own', async () => {
    const first = await learner(t, 'Jon', 'Smith', 'jsmith1', world.org.hill);
    const second = await learner(t, 'Jon', 'Smith', 'jsmith2', world.org.hill);
    expect((await run(t)).error).toBeNull();
    const all = await accounts(slapd);
    expect(all.get('jsmith1')!.dn).toBe(`cn=Jon Smith,ou=Unit HILL,ou=Unit DIST,${BASE}`);
    expect(all.get('jsmith2')!.dn).toBe(`cn=Jon Smith (${second}),ou=Unit HILL,ou=Unit DIST,${BASE}`);
    expect(first).toBeLessThan(second);
    const panel = await api(t, 'GET', `/people/${second}/provisioning`);
    expect(panel[0].remoteId).toBe(all.get('jsmith2')!.dn);
  });
});

describe('errors', () => {
  it('puts a person whose mapping gives no required value in the error queue with its reason; the others go on', async () => {
    const nameless = (
      await api(t, 'POST', '/people', {
        force: true,
        reason: 'test data',
        givenName: 'No',
        familyName: 'Username',
        affiliation: { orgId: world.org.hill, kind: 'learner', validFrom: '2025-09-01' },
      })
    ).id;
    const fine = await learner(t, 'Fine', 'Person', 'fperson', world.org.hill);
    const report = await run(t);
    expect(report.accounts.failed).toBe(1);
    expect((await accounts(slapd)).has('fperson')).toBe(true);
    expect(fine).toBeGreaterThan(0);
    const errors = await api(t, 'GET', '/provision/targets/district-ad/queue?state=errors');
    expect(errors).toEqual([
      expect.objectContaining({
        objectId: nameless,
        label: 'No Username',
        attempts: 1,
        state: 'retrying',
        lastError: `the mapping for sAMAccountName ({username}) gives no value for person ${nameless}`,
      }),
    ]);
    const skipped = await api(t, 'POST', '/provision/targets/district-ad/skip', {
      objects: [{ objectType: 'person', objectId: nameless }],
    });
    expect(skipped.affected).toBe(1);
    expect(await api(t, 'GET', '/provision/targets/district-ad/queue?state=errors')).toEqual([]);
  });

  it('records an unreachable directory as the target error, keeps the queue, and catches up when it is back', async () => {
    const late = await learner(t, 'Late', 'Comer', 'lcomer', world.org.hill);
    await slapd.halt();
    const report = await run(t);
    expect(report.error).toMatch(/ECONNREFUSED|connect|refused/i);
    const target = await api(t, 'GET', '/provision/targets/district-ad');
    expect(target.lastError).toBe(report.error);
    const queue = await api(t, 'GET', '/provision/targets/district-ad/queue');
    expect(queue.map((q: { objectId: number }) => q.objectId)).toContain(late);
    await slapd.restart();
    expect((await run(t)).error).toBeNull();
    expect((await accounts(slapd)).has('lcomer')).toBe(true);
    expect((await api(t, 'GET', '/provision/targets/district-ad')).lastError).toBeNull();
  });
});

describe('a full sync that would retire too many', () => {
  it('is held: recorded with its fixes, nothing written, the target shows the hold', async () => {
    await changeTarget(t, (def) => ({ ...def, selection: { ...def.selection, orgUnits: ['RIVER'] } }));
    const enabledBefore = [...(await accounts(slapd)).values()].filter(
      (a) => a.attributes.useraccountcontrol?.[0] === '512',
    ).length;
    const held = await sync(false);
    expect(held.state).toBe('held');
    expect(held.counts.disable).toBe(enabledBefore);
    const enabledAfter = [...(await accounts(slapd)).values()].filter(
      (a) => a.attributes.useraccountcontrol?.[0] === '512',
    ).length;
    expect(enabledAfter).toBe(enabledBefore);
    expect((await api(t, 'GET', '/provision/targets/district-ad')).hold.reason).toMatch(
      /^full sync would disable or delete/,
    );
    const runs = await api(t, 'GET', '/provision/targets/district-ad/runs');
    expect(runs[0]).toMatchObject({ kind: 'full', state: 'held' });
  });
});
