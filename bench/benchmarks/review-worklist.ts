import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { buildServer } from '../../src/server/build-server.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise, timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { insertRootUnit } from '../lib/root-unit.ts';

/**
 * The reviewer's worklist (issue 14: "a reviewer's worklist of 10,000 items opens in ≤ 1 s, p95"). N people
 * (BENCH_REVIEW_ITEMS, default 10,000) employed in 20 departments are direct members of one group, with the facts
 * at grant stored for each (a tenth of them with another title now); an access review over the group gives all N
 * items to one reviewer, and 30 % are decided. Then a separate Node process (so the client does not share the
 * server's event loop) asks the running server, as that reviewer, for pages of the worklist one request at a time
 * (`--samples`, default 100 each): the first page, the first page of items changed since grant, a page sorted by
 * expiry, a search by name, a page deep in the list, the largest page (500). Baseline in the same run: the plain SQL
 * query of the first page (the reviewer's items joined with the people, sorted by name, 50) with its count.
 */
const DEPARTMENTS = 20;

async function prepare(
  target: Target,
  size: number,
): Promise<{ campaignId: number; token: string; reviewer: number; openMs: number }> {
  const db = target.app.db;
  const now = new Date();
  const uni = await insertRootUnit(db, { code: 'UNI', kind: 'university', name: 'University' }, now);
  await sql`insert into org_units (code, kind, name, alt_names, parent_id, path, custom, created_at, updated_at)
    select 'DEP' || i, 'department', 'Department ' || i, '[]', ${uni}, 'pending-' || i, '{}', now(), now() from generate_series(1, ${DEPARTMENTS}) i`.execute(
    db,
  );
  await sql`update org_units set path = ${`/${uni}/`} || id || '/' where parent_id = ${uni}`.execute(db);
  await sql`insert into people (given_name, family_name, search_name, emails, phones, created_at, updated_at)
    select 'Given' || i, 'Family' || lpad(i::text, 6, '0'), 'given' || i || ' family' || lpad(i::text, 6, '0'), '[]', '[]', now(), now()
    from generate_series(1, ${size + 1}) i`.execute(db);
  await sql`insert into affiliations (person_id, org_id, kind, title, attributes, valid_from, created_at, updated_at)
    select p.id, u.id, 'employee', 'Title ' || (p.id % 7), '{}', '2020-01-01', now(), now()
    from people p join org_units u on u.code = 'DEP' || (1 + p.id % ${DEPARTMENTS})`.execute(db);
  const reviewer = Number((await sql<{ id: number }>`select max(id) as id from people`.execute(db)).rows[0].id);
  const folder = await target.app.groups.folders.create(benchActor, { extension: 'bench' });
  const group = await target.app.groups.groups.create(benchActor, { folderId: folder.id, extension: 'reviewed' });
  await sql`insert into group_memberships (group_id, member_person_id, reason, ticket, added_by, added_at, disabled_at, updated_at)
    select ${group.id}, id, 'bench', 'T-' || id, 'bench', now() - interval '400 days',
           case when id % 5 = 0 then now() + (1 + id % 300) * interval '1 day' end, now()
    from people where id <> ${reviewer}`.execute(db);
  const policy = await db
    .insertInto('governance_policies')
    .values({
      name: 'bench',
      group_id: group.id,
      grace: '{"job":30,"department":30,"leaving":0,"requirement":30}',
      direct_adders: '[]',
      requesters: '[]',
      stages: '[]',
      checks: '{}',
      notify: '{}',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`insert into membership_facts (membership_id, policy_id, group_id, person_id, facts, recorded_at, recorded_by, approved_at, approved_by)
    select m.id, ${policy.id}, m.group_id, m.member_person_id,
           jsonb_build_object('statuses', '[]'::jsonb, 'department', u.code, 'title', case when m.member_person_id % 10 = 0 then 'Former title' else a.title end, 'supporting', '[]'::jsonb),
           now() - interval '400 days', 'bench', now() - interval '399 days', 'approver'
    from group_memberships m join affiliations a on a.person_id = m.member_person_id join org_units u on u.id = a.org_id
    where m.group_id = ${group.id}`.execute(db);
  await sql`vacuum analyze`.execute(db);
  const user = await target.app.accounts.createUser(benchActor, {
    username: 'reviewer',
    displayName: 'Reviewer',
    password: 'correct horse battery',
    roles: [],
  });
  await db.updateTable('users').set({ person_id: reviewer }).where('id', '=', user.id).execute();
  const { token } = await target.app.accounts.createToken(benchActor, { name: 'bench', userId: user.id });
  const opened = await timed(() =>
    target.app.reviews.campaigns.create(benchActor, {
      name: 'bench-review',
      scope: { kind: 'group', id: group.id },
      deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      ownerPersonId: reviewer,
    }),
  );
  log(
    `${target.engine}: opened a campaign of ${opened.value.counts.total.toLocaleString('en')} items in ${Math.round(opened.ms)} ms`,
  );
  await sql`update review_items set decision = 'keep', decided_by = 'bench', decided_at = now() where campaign_id = ${opened.value.id} and id % 10 < 3`.execute(
    db,
  );
  await sql`analyze review_items`.execute(db);
  return { campaignId: opened.value.id, token, reviewer, openMs: opened.ms };
}

/** Runs `count` sequential GETs of each path from a child Node process; returns each path's latencies (ms). */
function requestsFromAnotherProcess(
  url: string,
  token: string,
  paths: string[],
  count: number,
): Promise<Record<string, number[]>> {
  const script = `
    const { BASE, TOKEN, PATHS, COUNT } = process.env;
    const out = {};
    for (const path of JSON.parse(PATHS)) {
      const times = [];
      for (let i = -5; i < Number(COUNT); i++) {
        const start = performance.now();
        const r = await fetch(BASE + path, { headers: { authorization: 'Bearer ' + TOKEN } });
        const body = await r.text();
        if (r.status !== 200) throw new Error(path + ' answered ' + r.status + ': ' + body.slice(0, 300));
        if (i >= 0) times.push(performance.now() - start);
      }
      out[path] = times;
    }
    process.stdout.write(JSON.stringify(out));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, BASE: url, TOKEN: token, PATHS: JSON.stringify(paths), COUNT: String(count) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`client process: ${stderr}`)),
    );
  });
}

async function runEngine(engine: Engine, size: number, samples: number, notes: string[]): Promise<Row[]> {
  const target = await openTarget(engine, 'reviews');
  try {
    log(`${engine}: ${size.toLocaleString('en')} memberships to review…`);
    const w = await prepare(target, size);
    const db = target.app.db;
    const baseline: number[] = [];
    for (let i = -5; i < samples; i += 1) {
      const one = await timed(async () => {
        await sql`select i.*, p.given_name, p.family_name from review_items i join people p on p.id = i.person_id
          where i.campaign_id = ${w.campaignId} and i.reviewer_person_id = ${w.reviewer}
          order by lower(p.family_name), lower(p.given_name), i.id limit 50`.execute(db);
        await sql`select count(*) from review_items where campaign_id = ${w.campaignId} and reviewer_person_id = ${w.reviewer}`.execute(
          db,
        );
      });
      if (i >= 0) baseline.push(one.ms);
    }
    const server = await buildServer(target.app);
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    const base = `/reviews/${w.campaignId}/items`;
    const variants: [string, string][] = [
      ['first page (50, by name, with counts)', base],
      ['changed since grant only', `${base}?changed=true`],
      ['undecided, sorted by expiry', `${base}?decided=false&sort=expiry`],
      ['search by name', `${base}?q=family0042`],
      ['page 150 of 200', `${base}?offset=7450`],
      ['largest page (500)', `${base}?limit=500`],
    ];
    log(`${engine}: ${samples} requests of each of ${variants.length} worklist pages from another process…`);
    const times = await requestsFromAnotherProcess(
      url,
      w.token,
      variants.map(([, p]) => p),
      samples,
    );
    await server.close();
    const b = summarise(baseline);
    notes.push(
      `${engine}: one reviewer holds all ${size.toLocaleString('en')} items (30 % decided, 10 % changed since grant); requests one at a time over HTTP with a bearer token, from a child process.`,
    );
    const rows: Row[] = [
      { engine, measure: 'opening the campaign (every item with its facts)', size, value: w.openMs, unit: 'ms' },
      { engine, measure: 'baseline: plain SQL first page + count, p95', size: samples, value: b.p95, unit: 'ms' },
    ];
    for (const [label, path] of variants) {
      const s = summarise(times[path]);
      rows.push(
        { engine, measure: `worklist: ${label}, p50`, size, value: s.p50, unit: 'ms' },
        {
          engine,
          measure: `worklist: ${label}, p95`,
          size,
          value: s.p95,
          unit: 'ms',
          baseline: { label: 'plain SQL first page + count p95', value: b.p95 },
          ratio: s.p95 / b.p95,
        },
      );
    }
    return rows;
  } finally {
    await target.close();
  }
}

export const reviewWorklistBenchmark: Benchmark = {
  name: 'review-worklist',
  title: "access reviews: a reviewer's worklist of 10,000 items over HTTP",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = Number(process.env.BENCH_REVIEW_ITEMS ?? 10_000);
    const samples = ctx.options.samples ?? Number(process.env.BENCH_REVIEW_SAMPLES ?? 100);
    const notes: string[] = [];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, size, samples, notes)));
    return {
      name: 'review-worklist',
      title: this.title,
      aim: 'p95 ≤ 1 s for a worklist of 10,000 items',
      parameters: { items: size, samples, departments: DEPARTMENTS, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
