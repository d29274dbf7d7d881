import { sql } from 'kysely';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { buildGroupStructure } from '../lib/group-structure.ts';
import { log } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise, timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget } from '../lib/targets.ts';

/**
 * Effective memberships at scale: G groups (default 10,000; BENCH_GROUPS) and about M
 * memberships (default 1,000,000; BENCH_GROUP_MEMBERSHIPS). One group in ten is a parent
 * holding nine child groups; the children hold people (P = M / 10 people; each child
 * about M / (0.9 G) of them, drawn at random). The full rebuild computes every group's
 * effective members from scratch and writes them (timed); then single memberships are
 * added to random child groups through the use case (authorised, audited, change-logged,
 * the child's and its parent's effective rows updated in the same transaction), timed one
 * by one (p50/p99). Baseline in the same run: a plain INSERT of the same membership row (it must succeed; it is
 * deleted again before the use case adds the row).
 */
async function runEngine(
  engine: Engine,
  groups: number,
  memberships: number,
  adds: number,
  notes: string[],
): Promise<Row[]> {
  const target = await openTarget(engine, 'groups');
  try {
    log(
      `${engine}: loading ${groups.toLocaleString('en')} groups and ~${memberships.toLocaleString('en')} memberships…`,
    );
    const { children, people } = await buildGroupStructure(target, groups, memberships);
    const db = target.app.db;
    const total = Number(
      (await sql<{ n: number }>`select count(*)::int as n from group_memberships`.execute(db)).rows[0].n,
    );
    log(`${engine}: full rebuild…`);
    const rebuild = await timed(() => target.app.groups.effective.rebuildAll(benchActor));
    const rows = Number(
      (await sql<{ n: number }>`select count(*)::int as n from group_effective_members`.execute(db)).rows[0].n,
    );
    const again = await timed(() => target.app.groups.effective.rebuildAll(benchActor));
    if (again.value.groupsChanged !== 0)
      throw new Error(`a second rebuild changed ${again.value.groupsChanged} groups`);
    log(`${engine}: ${adds} single additions…`);
    const firstPerson = Number((await sql<{ id: number }>`select min(id) as id from people`.execute(db)).rows[0].id);
    const samples: number[] = [];
    const baseline: number[] = [];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < adds; i += 1) {
      const groupId = children[next() % children.length];
      const personId = firstPerson + (next() % people);
      const exists = await db
        .selectFrom('group_memberships')
        .select('id')
        .where('group_id', '=', groupId)
        .where('member_person_id', '=', personId)
        .executeTakeFirst();
      if (exists) continue;
      // Baseline: the same row (same group, same person: both exist) by a plain INSERT, which must succeed; it is
      // taken out again (untimed) before the use case adds it.
      const raw = await timed(() =>
        db
          .insertInto('group_memberships')
          .values({
            group_id: groupId,
            member_person_id: personId,
            added_by: 'bench',
            added_at: new Date(),
            updated_at: new Date(),
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      baseline.push(raw.ms);
      await db.deleteFrom('group_memberships').where('id', '=', raw.value.id).execute();
      samples.push(
        (await timed(() => target.app.groups.members.add(benchActor, groupId, { personId, reason: 'bench' }))).ms,
      );
    }
    const s = summarise(samples);
    const b = summarise(baseline);
    const check = await timed(() => target.app.groups.effective.rebuildAll(benchActor));
    if (check.value.groupsChanged !== 0)
      throw new Error(
        `after the additions a rebuild changed ${check.value.groupsChanged} groups: the incremental path disagrees`,
      );
    notes.push(
      `${engine}: ${total.toLocaleString('en')} memberships, ${rows.toLocaleString('en')} effective rows after the rebuild; the second rebuild changed nothing; after ${s.count} additions a rebuild changed nothing either.`,
    );
    const base = { label: 'plain INSERT of one membership row (p50)', value: b.p50 };
    return [
      {
        engine,
        measure: 'full rebuild (compute + write every effective row)',
        size: total,
        value: rebuild.ms / 1000,
        unit: 's',
      },
      { engine, measure: 'full rebuild with nothing to change', size: total, value: again.ms / 1000, unit: 's' },
      { engine, measure: 'baseline: plain INSERT of a membership row p50', size: s.count, value: b.p50, unit: 'ms' },
      {
        engine,
        measure: 'add one membership (incremental) p50',
        size: s.count,
        value: s.p50,
        unit: 'ms',
        baseline: base,
        ratio: s.p50 / b.p50,
      },
      {
        engine,
        measure: 'add one membership (incremental) p99',
        size: s.count,
        value: s.p99,
        unit: 'ms',
        baseline: base,
        ratio: s.p99 / b.p50,
      },
    ];
  } finally {
    await target.close();
  }
}

export const groupsBenchmark: Benchmark = {
  name: 'groups',
  title: 'groups: effective memberships — full rebuild vs adding one membership incrementally',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const groups = Number(process.env.BENCH_GROUPS ?? 10_000);
    const memberships = Number(process.env.BENCH_GROUP_MEMBERSHIPS ?? 1_000_000);
    const adds = Number(process.env.BENCH_GROUP_ADDS ?? 200);
    const notes = [
      `${groups.toLocaleString('en')} basic groups: one in ten a parent of nine children, people in the children (one in ten memberships starts in 30 days, one in seven ends in 90). Loaded with INSERT … SELECT; the rebuild and the additions go through the use cases (audit and change log included).`,
    ];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, groups, memberships, adds, notes)));
    return {
      name: 'groups',
      title: this.title,
      aim: 'adding one membership takes milliseconds whatever the size; a full rebuild takes the time of rewriting everything',
      parameters: { groups, memberships, adds, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
