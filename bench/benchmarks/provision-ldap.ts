import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unitOuDn } from '../../src/provision/ldap/ldap-structure.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log } from '../lib/progress.ts';
import { buildProvisionWorld, days, STATUS, type ProvisionWorld } from '../lib/provision-world.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { dumpLdif, ldapaddFile, seen, startBenchSlapd, type BenchSlapd } from '../lib/slapd.ts';
import { summarise, timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';

/**
 * LDAP provisioning against a real OpenLDAP (issue 12). (a) A new target's first pass
 * (`app.provision.runner.runTarget`) writes N accounts, the ~U OUs they live in and G
 * directory groups with their members into a fresh slapd; baseline in the same run:
 * `ldapadd` (the CLI, its own process) of the very entries Steward wrote — dumped with
 * ldapsearch as one LDIF — into another fresh slapd, after a one-entry warm-up. (b) With the
 * runner started as a server runs it (woken by change-log commits, and every 2 s), a person
 * changes org: an affiliation in another section is added and the old one ended through
 * the affiliation use cases; timed from the add's return (its commit) until ldapsearch,
 * spawned again and again, finds the account in the new OU.
 */
const NAME = 'bench-ldap';
const SAMPLE_LIMIT_MS = 60_000;

function countLdif(file: string) {
  const text = readFileSync(file, 'utf8');
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  return {
    entries: count(/^dn::? /gm),
    ous: count(/^objectClass: organizationalUnit$/gm),
    accounts: count(/^objectClass: inetOrgPerson$/gm),
    groups: count(/^objectClass: stewardGroup$/gm),
    members: count(/^member::? /gm),
    bytes: statSync(file).size,
  };
}

async function createTarget(target: Target, slapd: BenchSlapd, world: ProvisionWorld): Promise<string> {
  const baseDn = `ou=steward,${slapd.baseDn}`;
  await target.app.provision.targets.create(benchActor, {
    name: NAME,
    kind: 'ldap',
    settings: { url: slapd.url, bindDn: slapd.bindDn, baseDn, groupsDn: `ou=groups,${baseDn}`, timeoutSeconds: 30 },
    secrets: { password: slapd.password },
    selection: { statuses: [STATUS] },
    mappings: {
      cn: '{displayName}',
      sn: '{familyName}',
      givenName: '{givenName}',
      displayName: '{displayName}',
      uid: '{username}',
      sAMAccountName: '{username}',
      userPrincipalName: '{username}@example.edu',
      mail: '{email}',
      eduPersonAffiliation: '{affiliations}',
    },
    groups: world.groups.map((group) => ({ group })),
  });
  return baseDn;
}

interface Moves {
  useCase: number[];
  visible: number[];
  poll: number[];
}

/** Moves `samples` people to another section one at a time; times commit → ldapsearch sees the new OU. */
async function moves(target: Target, slapd: BenchSlapd, world: ProvisionWorld, baseDn: string, samples: number) {
  const { app } = target;
  const db = app.db;
  const out: Moves = { useCase: [], visible: [], poll: [] };
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  const moved = new Set<number>();
  while (out.visible.length < samples) {
    const personId = 1 + (next() % world.people);
    if (moved.has(personId)) continue;
    moved.add(personId);
    const old = await db
      .selectFrom('affiliations')
      .select(['id', 'version', 'org_id'])
      .where('person_id', '=', personId)
      .where('valid_to', 'is', null)
      .executeTakeFirstOrThrow();
    let orgId = old.org_id;
    while (orgId === old.org_id) orgId = world.sections[next() % world.sections.length];
    const ou = (await unitOuDn(db, orgId, baseDn))!;
    const uid = `u${String(personId).padStart(7, '0')}`;
    const { today, yesterday } = days(new Date());
    const add = await timed(() =>
      app.people.affiliations.add(benchActor, personId, { orgId, kind: 'member', validFrom: today }),
    );
    const committed = performance.now();
    await app.people.affiliations.update(benchActor, personId, old.id, old.version, { validTo: yesterday });
    for (;;) {
      const p = await timed(() => seen(slapd, ou, `(uid=${uid})`));
      out.poll.push(p.ms);
      if (p.value) break;
      if (performance.now() - committed > SAMPLE_LIMIT_MS)
        throw new Error(`${uid}: not seen in ${ou} within ${SAMPLE_LIMIT_MS / 1000} s`);
    }
    out.useCase.push(add.ms);
    out.visible.push(performance.now() - committed);
    if (out.visible.length % 20 === 0) log(`  ${target.engine}: ${out.visible.length}/${samples} moves seen`);
  }
  return out;
}

async function runEngine(engine: Engine, ctx: BenchContext, people: number, notes: string[]): Promise<Row[]> {
  const units = ctx.options.units ?? 3000;
  const groups = ctx.options.groups ?? 5000;
  const samples = ctx.options.samples ?? 200;
  const target = await openTarget(engine, 'provision_ldap');
  const steward = await startBenchSlapd(`${engine} steward`);
  try {
    const world = await buildProvisionWorld(target, { people, units, groups }, ctx.options.seed);
    const baseDn = await createTarget(target, steward, world);
    log(`${engine}: first pass of the new target (${people.toLocaleString('en')} accounts)…`);
    const first = await timed(() => target.app.provision.runner.runTarget(NAME));
    if (first.value.error) throw new Error(`the first pass failed: ${first.value.error}`);
    const file = join(ctx.workDir, `provision-ldap-${engine}.ldif`);
    await dumpLdif(steward, baseDn, file);
    const wrote = countLdif(file);
    const other = await startBenchSlapd(`${engine} baseline`);
    let ldapadd: number;
    let copied: ReturnType<typeof countLdif>;
    try {
      const warm = join(ctx.workDir, 'warm-up.ldif');
      writeFileSync(warm, `dn: ou=warm-up,${other.baseDn}\nobjectClass: organizationalUnit\nou: warm-up\n`);
      await ldapaddFile(other, warm);
      log(`${engine}: baseline ldapadd of ${wrote.entries.toLocaleString('en')} entries…`);
      ldapadd = (await timed(() => ldapaddFile(other, file))).ms;
      const check = join(ctx.workDir, `provision-ldap-${engine}-copy.ldif`);
      await dumpLdif(other, baseDn, check);
      copied = countLdif(check);
    } finally {
      await other.close();
    }
    if (copied.entries !== wrote.entries) throw new Error(`ldapadd left ${copied.entries} of ${wrote.entries} entries`);
    const a = first.value.accounts;
    notes.push(
      `${engine}: ${world.people.toLocaleString('en')} people, ${world.units.toLocaleString('en')} org units (${world.sections.length.toLocaleString('en')} sections hold people), ${groups.toLocaleString('en')} groups with ${world.memberships.toLocaleString('en')} memberships. The first pass queued ${first.value.queued.toLocaleString('en')} and created ${a.create.toLocaleString('en')} accounts (failed ${a.failed}). Steward wrote ${wrote.entries.toLocaleString('en')} entries (${wrote.ous.toLocaleString('en')} OUs, ${wrote.accounts.toLocaleString('en')} accounts, ${wrote.groups.toLocaleString('en')} groups with ${wrote.members.toLocaleString('en')} member values), ${(wrote.bytes / 2 ** 20).toFixed(1)} MiB of LDIF; ldapadd wrote the same ${copied.entries.toLocaleString('en')} entries.`,
    );
    log(`${engine}: ${samples} org changes with the runner started…`);
    await target.app.provision.runner.start();
    let m: Moves;
    try {
      m = await moves(target, steward, world, baseDn, samples);
    } finally {
      await target.app.provision.runner.stop();
    }
    const v = summarise(m.visible);
    const u = summarise(m.useCase);
    const poll = summarise(m.poll);
    const base = { label: 'ldapadd of the same LDIF', value: ldapadd / 1000 };
    const visible = (p: 'p50' | 'p99' | 'max') => ({
      engine,
      measure: `org change: commit → ldapsearch sees new OU, ${p}`,
      size: v.count,
      value: v[p],
      unit: 'ms' as const,
      ...(p === 'p50' ? { baseline: { label: 'add use case p50', value: u.p50 }, ratio: v.p50 / u.p50 } : {}),
    });
    return [
      {
        engine,
        measure: 'baseline: ldapadd of the same entries',
        size: wrote.entries,
        value: ldapadd / 1000,
        unit: 's',
      },
      {
        engine,
        measure: 'first pass (runTarget) of a new target',
        size: wrote.entries,
        value: first.ms / 1000,
        unit: 's',
        baseline: base,
        ratio: first.ms / ldapadd,
      },
      {
        engine,
        measure: 'first pass: accounts created',
        size: a.create,
        value: (a.create * 1000) / first.ms,
        unit: 'rows/s',
      },
      visible('p50'),
      visible('p99'),
      visible('max'),
      {
        engine,
        measure: 'org change: add-affiliation use case p50 / p99',
        size: u.count,
        value: u.p50,
        unit: 'ms',
        note: `p99 ${u.p99.toFixed(1)} ms; one ldapsearch poll p50 ${poll.p50.toFixed(1)} ms`,
      },
    ];
  } finally {
    await steward.close();
    await target.close();
  }
}

export const provisionLdapBenchmark: Benchmark = {
  name: 'provision-ldap',
  title: 'LDAP provisioning into OpenLDAP: first pass vs ldapadd, commit → directory latency',
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [
      'First pass: the runner reads the queue a page (500 people) at a time and writes the accounts with ldapts over one connection, eight at a time, and at the end of the pass one modify per directory group with all its new members; OUs and groups first. Baseline: ldapadd -f of the LDIF ldapsearch dumped from that directory, into a fresh slapd (both slapd as the test harness configures them: mdb, one objectClass index).',
      'Org change: add-affiliation in another section (validFrom today), then end the old one (validTo yesterday); timed from the add’s return to the end of the first ldapsearch (spawned in a loop, scope one under the new OU, filter uid) that finds the account.',
    ];
    for (const engine of ctx.options.engines) {
      const people = engine === 'pglite' ? ctx.options.pglitePeople : ctx.options.provisionPeople;
      rows.push(...(await runEngine(engine, ctx, people, notes)));
    }
    return {
      name: 'provision-ldap',
      title: this.title,
      aim: 'first pass ≤ 2× ldapadd of the same entries; commit → visible p99 ≤ 2 s',
      parameters: {
        people: ctx.options.provisionPeople,
        pglitePeople: ctx.options.pglitePeople,
        units: ctx.options.units ?? 3000,
        groups: ctx.options.groups ?? 5000,
        samples: ctx.options.samples ?? 200,
        engines: ctx.options.engines,
      },
      rows,
      notes,
    };
  },
};
