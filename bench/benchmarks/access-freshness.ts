import { setImmediate as tick } from 'node:timers/promises';
import { sql } from 'kysely';
import pino from 'pino';
import { createAccessServices } from '../../src/access/access.ts';
import { check } from '../../src/access/decide.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { buildGroupStructure } from '../lib/group-structure.ts';
import { log } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise, type Summary, timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, serverUrl, type Target } from '../lib/targets.ts';

/**
 * How soon the decision point reflects one new group membership (issue 5, Speed). The
 * groups benchmark's structure (G groups, about M memberships) plus a top group holding
 * ten parents; a role of an application is assigned to the top group everywhere. A second
 * set of access services — its own follower and index, on its own connection pool on
 * PostgreSQL (on PGlite the one connection is shared), started as a server starts it —
 * stands for another Steward process. Then, one at a time, a person who is denied is
 * added to a child group under the top group through the membership use case, and the
 * in-process check against the second index is polled (yielding to the event loop
 * between tries) until it answers allow; the membership is then removed through the use
 * case and the check polled until it answers deny. Timed: from the use case's return
 * (its commit) to the first answer that reflects it. Baselines in the same run: the use
 * case itself, and the follower's poll interval. Repeated for each poll interval in
 * BENCH_FRESHNESS_POLL_MS (default 50, the server's, with its LISTEN/NOTIFY wake-up as a
 * server runs it; `notify`: the wake-up alone, the timer set to an hour; 200; and 0: no
 * timer, the follower asked to catch up right after the commit — the floor).
 */
const NOTIFY_ONLY = -1;
const SERVER = -2;
const APP = 'freshness';
const LIMIT_MS = 15_000;

interface Samples {
  addUseCase: number[];
  addVisible: number[];
  removeUseCase: number[];
  removeVisible: number[];
}

async function setUp(target: Target, groups: number, memberships: number) {
  const db = target.app.db;
  const built = await buildGroupStructure(target, groups, memberships);
  const now = new Date('2026-09-01T00:00:00Z');
  const folder = (
    await db.selectFrom('groups').select('folder_id').where('id', '=', built.parents[0]).executeTakeFirstOrThrow()
  ).folder_id;
  const top = Number(
    (
      await sql<{ id: string }>`insert into groups (folder_id, extension, name, kind, created_at, updated_at)
    values (${folder}, 'top', 'bench:top', 'basic', ${now}::timestamptz, ${now}::timestamptz) returning id`.execute(db)
    ).rows[0].id,
  );
  const under = built.parents.slice(0, 10);
  await sql`insert into group_memberships (group_id, member_group_id, added_by, added_at, updated_at)
    select ${top}, p, 'bench', ${now}::timestamptz, ${now}::timestamptz from unnest(${under}::bigint[]) as p`.execute(
    db,
  );
  log(`${target.engine}: full rebuild of effective memberships…`);
  const rebuild = await timed(() => target.app.groups.effective.rebuildAll(benchActor));
  const access = target.app.access;
  await access.config.createApp(benchActor, { name: APP, label: 'Freshness' });
  await access.config.createResource(benchActor, APP, { name: 'doc' });
  const role = await access.roles.createRole(benchActor, APP, { name: 'reader' });
  await access.roles.addPermission(benchActor, role.id, { action: 'read', resource: 'doc' });
  await access.assignments.assign(benchActor, {
    roleId: role.id,
    subjects: [{ type: 'group', id: top }],
    scopes: [{ kind: 'everywhere' }],
    reason: 'bench',
  });
  // the children under the top group: nine per parent
  const children = (
    await db
      .selectFrom('group_memberships')
      .select('member_group_id')
      .where('group_id', 'in', under)
      .where('member_group_id', 'is not', null)
      .execute()
  ).map((r) => Number(r.member_group_id));
  return { ...built, top, children, rebuildMs: rebuild.ms };
}

/** A second Steward process's access services, on the same database. */
async function otherProcess(
  target: Target,
  pollMs: number,
): Promise<{ access: ReturnType<typeof createAccessServices>; database: Database | null }> {
  let database: Database | null = null;
  if (target.engine === 'postgres') {
    const url = new URL(serverUrl());
    url.pathname = `/${target.where}`;
    database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
  }
  const listens = pollMs === NOTIFY_ONLY || pollMs === SERVER;
  const followChanges = listens ? (database ?? target.app.database).followChanges : undefined;
  const interval = pollMs === NOTIFY_ONLY ? 3_600_000 : pollMs === SERVER ? undefined : pollMs || undefined;
  const access = createAccessServices({
    db: database?.db ?? target.app.db,
    clock: systemClock,
    log: pino({ level: 'silent' }),
    pollMs: interval,
    followChanges,
  });
  await access.follower.index();
  if (pollMs !== 0) access.start();
  return { access, database };
}

const pause = (pollMs: number, next: () => number) =>
  pollMs !== 0 ? new Promise((r) => setTimeout(r, next() % (pollMs > 0 ? pollMs : 50))) : Promise.resolve();

/**
 * Polls the in-process check until it answers `want`; `wake` first asks the follower to catch up (as a wake-up would).
 */
async function until(
  access: ReturnType<typeof createAccessServices>,
  personId: number,
  want: 'allow' | 'deny',
  wake: boolean,
): Promise<void> {
  const start = performance.now();
  if (wake) await access.follower.catchUp();
  for (;;) {
    const index = access.follower.current()!;
    if (
      check(index, {
        subject: { type: 'person', id: personId },
        application: APP,
        action: 'read',
        resource: 'doc',
        at: new Date(),
      }).decision === want
    )
      return;
    if (performance.now() - start > LIMIT_MS)
      throw new Error(`person ${personId}: the index did not answer ${want} within ${LIMIT_MS} ms`);
    await tick();
  }
}

async function measure(
  target: Target,
  s: Awaited<ReturnType<typeof setUp>>,
  pollMs: number,
  count: number,
  seed: number,
): Promise<Samples> {
  const db = target.app.db;
  const { access, database } = await otherProcess(target, pollMs);
  const out: Samples = { addUseCase: [], addVisible: [], removeUseCase: [], removeVisible: [] };
  const firstPerson = Number((await sql<{ id: number }>`select min(id) as id from people`.execute(db)).rows[0].id);
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  try {
    while (out.addVisible.length < count) {
      const groupId = s.children[next() % s.children.length];
      const personId = firstPerson + (next() % s.people);
      const index = access.follower.current()!;
      if (
        check(index, {
          subject: { type: 'person', id: personId },
          application: APP,
          action: 'read',
          resource: 'doc',
          at: new Date(),
        }).decision !== 'deny'
      )
        continue;
      const dup = await db
        .selectFrom('group_memberships')
        .select('id')
        .where('group_id', '=', groupId)
        .where('member_person_id', '=', personId)
        .executeTakeFirst();
      if (dup) continue;
      // start each change at a random point of the poll cycle
      await pause(pollMs, next);
      const add = await timed(() => target.app.groups.members.add(benchActor, groupId, { personId, reason: 'bench' }));
      const seen = await timed(() => until(access, personId, 'allow', pollMs === 0));
      await pause(pollMs, next);
      const remove = await timed(() => target.app.groups.members.remove(benchActor, groupId, add.value.id, 'bench'));
      const gone = await timed(() => until(access, personId, 'deny', pollMs === 0));
      out.addUseCase.push(add.ms);
      out.addVisible.push(seen.ms);
      out.removeUseCase.push(remove.ms);
      out.removeVisible.push(gone.ms);
      if (out.addVisible.length % 20 === 0)
        log(`  ${target.engine} poll ${pollMs} ms: ${out.addVisible.length}/${count}`);
    }
  } finally {
    await access.stop();
    await database?.close();
  }
  return out;
}

function rows(engine: Engine, pollMs: number, s: Samples): Row[] {
  const out: Row[] = [];
  const poll = {
    label: pollMs > 0 ? `poll interval ${pollMs} ms` : 'no timer: catch-up called after the commit',
    value: pollMs,
  };
  const tag =
    pollMs === SERVER
      ? '[server: notify + poll 50 ms]'
      : pollMs === NOTIFY_ONLY
        ? '[notify only]'
        : pollMs
          ? `[poll ${pollMs} ms]`
          : '[woken]';
  const line = (what: string, useCase: Summary, visible: Summary) => {
    const base = { label: `${what} use case p50`, value: useCase.p50 };
    out.push({
      engine,
      measure: `${tag} baseline: ${what} use case p50 / p99`,
      size: useCase.count,
      value: useCase.p50,
      unit: 'ms',
      note: `p99 ${useCase.p99.toFixed(1)} ms`,
    });
    out.push({
      engine,
      measure: `${tag} ${what}: commit → index answers, p50`,
      size: visible.count,
      value: visible.p50,
      unit: 'ms',
      baseline: base,
      ratio: visible.p50 / useCase.p50,
    });
    out.push({
      engine,
      measure: `${tag} ${what}: commit → index answers, p95`,
      size: visible.count,
      value: visible.p95,
      unit: 'ms',
      ...(pollMs > 0 ? { baseline: poll, ratio: visible.p95 / pollMs } : {}),
    });
    out.push({
      engine,
      measure: `${tag} ${what}: commit → index answers, p99`,
      size: visible.count,
      value: visible.p99,
      unit: 'ms',
      ...(pollMs > 0 ? { baseline: poll, ratio: visible.p99 / pollMs } : {}),
    });
    out.push({
      engine,
      measure: `${tag} ${what}: commit → index answers, max`,
      size: visible.count,
      value: visible.max,
      unit: 'ms',
      ...(pollMs > 0 ? { baseline: poll, ratio: visible.max / pollMs } : {}),
    });
  };
  line('add', summarise(s.addUseCase), summarise(s.addVisible));
  line('remove', summarise(s.removeUseCase), summarise(s.removeVisible));
  return out;
}

export const accessFreshnessBenchmark: Benchmark = {
  name: 'access-freshness',
  title: "decision point: time from a membership commit until another process's index reflects it",
  async run(ctx: BenchContext): Promise<BenchResult> {
    const groups = ctx.options.groups ?? Number(process.env.BENCH_GROUPS ?? 10_000);
    const memberships = ctx.options.memberships ?? Number(process.env.BENCH_GROUP_MEMBERSHIPS ?? 1_000_000);
    const samples = ctx.options.samples ?? Number(process.env.BENCH_FRESHNESS_SAMPLES ?? 100);
    const polls = (process.env.BENCH_FRESHNESS_POLL_MS ?? 'server,notify,50,0')
      .split(',')
      .map((p) => (p === 'server' ? SERVER : p === 'notify' ? NOTIFY_ONLY : Number(p)));
    const notes: string[] = [];
    const out: Row[] = [];
    for (const engine of ctx.options.engines) {
      const target = await openTarget(engine, 'freshness');
      try {
        log(
          `${engine}: loading ${groups.toLocaleString('en')} groups and ~${memberships.toLocaleString('en')} memberships…`,
        );
        const s = await setUp(target, groups, memberships);
        const topMembers = Number(
          (
            await sql<{
              n: number;
            }>`select count(distinct person_id)::int as n from group_effective_members where group_id = ${s.top}`.execute(
              target.app.db,
            )
          ).rows[0].n,
        );
        notes.push(
          `${engine}: rebuild ${(s.rebuildMs / 1000).toFixed(1)} s; the role is held by a top group over ${s.children.length} children in 10 parents, ${topMembers.toLocaleString('en')} effective members; each added person is new to the child, its parent and the top group.`,
        );
        for (const pollMs of polls) {
          log(`${engine}: ${samples} additions and removals, follower polling every ${pollMs} ms…`);
          out.push(...rows(engine, pollMs, await measure(target, s, pollMs, samples, ctx.options.seed)));
        }
      } finally {
        await target.close();
      }
    }
    notes.push(
      '"commit → index answers" runs from the membership use case\'s return to the first in-process check on the second index that answers allow (added) or deny (removed); each sample starts at a random point of the poll cycle. The time is the wait for the follower to hear the commit (its NOTIFY) or for its next poll, plus one catch-up pass (read the change-log head and the new entries, reload the named (group, person) pairs).',
    );
    return {
      name: 'access-freshness',
      title: this.title,
      aim: 'p99 of the time until the decision index reflects one new membership, at 10,000 groups and 1,000,000 memberships',
      parameters: { groups, memberships, samples, polls, engines: ctx.options.engines },
      rows: out,
      notes,
    };
  },
};
