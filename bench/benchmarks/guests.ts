import { type Kysely, sql } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import { SWEEP_BATCH, SWEEP_WORKERS } from '../../src/guests/sweep.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log } from '../lib/progress.ts';
import { type BenchResult, type Row, secondsAgainst } from '../lib/report.ts';
import { timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { insertRootUnit } from '../lib/root-unit.ts';

/**
 * The guest sweep at scale: N visitors (default 100,000; BENCH_GUESTS) whose valid-from is
 * today all become active in one sweep — each with its transition-history row, audit row
 * and change-log entry, in batches of SWEEP_BATCH, one transaction each — then the sweep
 * again with nothing due. Baseline in the same run: a raw `update guests set state = …`
 * of the same rows (run first, then undone and vacuumed before the sweep); for orientation,
 * plain SQL writing every row the sweep writes (guests, history, audit, change log) in one
 * statement, as an expert would by hand, without the hash chain (also undone before the sweep).
 */
const TODAY = '2026-09-01';

async function prepare(target: Target, size: number): Promise<void> {
  const db = target.app.db;
  const now = new Date(`${TODAY}T00:00:00Z`);
  await db
    .insertInto('org_kinds')
    .values({ kind: 'department', label: 'Department', fields: '[]', created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const unit = await insertRootUnit(db, { code: 'DEPT', kind: 'department', name: 'Department' }, now);
  const type = await target.app.guests.config.createType(benchActor, {
    name: 'Visitor',
    label: 'Visitor',
    lifecycle: 'visitor',
    maxDays: 365,
  });
  await sql`insert into people (given_name, family_name, search_name, emails, phones, created_at, updated_at)
    select 'Guest', 'Number ' || i, 'guest number ' || i, '[]', '[]', ${now}::timestamptz, ${now}::timestamptz from generate_series(1, ${size}) as i`.execute(
    db,
  );
  await sql`insert into guests (person_id, type_id, state, state_since, valid_from, valid_to, host_org_id, created_at, updated_at)
    select p.id, ${type.id}, 'pending', ${TODAY}::date, ${TODAY}::date, ${TODAY}::date + 60, ${unit}, ${now}::timestamptz, ${now}::timestamptz from people p`.execute(
    db,
  );
  await sql`vacuum analyze`.execute(db);
}

/** Every row the sweep writes, by hand in one statement: the guests, a history row, an audit row and a change each. */
async function plainSweep(db: Kysely<DB>): Promise<void> {
  await sql`
    with moved as (
      update guests g set state = 'active', state_since = greatest(g.state_since, g.valid_from), updated_at = now(), version = g.version + 1
      where g.state = 'pending' and g.valid_from <= ${TODAY}::date returning g.id, g.valid_from, g.version
    ), history as (
      insert into guest_transitions (guest_id, transition, from_state, to_state, due_on, at, actor)
      select m.id, 'activate', 'pending', 'active', m.valid_from, now(), 'plain' from moved m
    ), heads as (
      select (select seq from chain_heads where name = 'audit') as audit, (select seq from chain_heads where name = 'changes') as changes
    ), audited as (
      insert into audit_log (seq, at, actor_id, actor, action, target_type, target_id, reason, before, after, prev_hash, hash)
      select h.audit + row_number() over (order by m.id), now(), null, 'plain', 'guest.transition', 'guest', m.id::text, null,
        '{"state":"pending"}'::jsonb, jsonb_build_object('state', 'active', 'transition', 'activate', 'dueOn', m.valid_from, 'version', m.version),
        sha256(convert_to(m.id::text, 'UTF8')), sha256(convert_to(m.version::text, 'UTF8'))
      from moved m, heads h
    )
    insert into change_log (position, at, entity_type, entity_id, op, data)
    select h.changes + row_number() over (order by m.id), now(), 'guest', m.id::text, 'transitioned',
      jsonb_build_object('state', 'active', 'transition', 'activate', 'dueOn', m.valid_from, 'version', m.version)
    from moved m, heads h`.execute(db);
}

/** Undoes a baseline: the guests pending again, its history, audit and change rows gone. */
async function undo(db: Kysely<DB>): Promise<void> {
  await sql`update guests set state = 'pending' where state = 'active'`.execute(db);
  await sql`delete from guest_transitions where actor = 'plain'`.execute(db);
  await sql`delete from audit_log where actor = 'plain'`.execute(db);
  await sql`delete from change_log where position > (select seq from chain_heads where name = 'changes')`.execute(db);
  await sql`vacuum analyze`.execute(db);
}

const workers = Number(process.env.BENCH_GUEST_WORKERS ?? SWEEP_WORKERS);

async function runEngine(engine: Engine, size: number, notes: string[]): Promise<Row[]> {
  const target = await openTarget(engine, 'guests');
  try {
    log(`${engine}: loading ${size.toLocaleString('en')} pending visitors…`);
    await prepare(target, size);
    const db = target.app.db;
    log(`${engine}: baseline raw UPDATE…`);
    const raw = await timed(() => sql`update guests set state = 'active' where state = 'pending'`.execute(db));
    await undo(db);
    log(`${engine}: plain SQL writing the same rows…`);
    const plain = await timed(() => db.transaction().execute((trx) => plainSweep(trx)));
    await undo(db);
    log(`${engine}: sweeping…`);
    const now = new Date(`${TODAY}T02:00:00Z`);
    const first = await timed(() => target.app.guests.sweepGuests(benchActor, now, { workers }));
    if (first.value.moved !== size) throw new Error(`the sweep moved ${first.value.moved} guests, not ${size}`);
    const again = await timed(() => target.app.guests.sweepGuests(benchActor, now, { workers }));
    const [{ audits, changes, history }] = (
      await sql<{ audits: number; changes: number; history: number }>`select
      (select count(*)::int from audit_log where action = 'guest.transition') as audits,
      (select count(*)::int from change_log where entity_type = 'guest' and op = 'transitioned') as changes,
      (select count(*)::int from guest_transitions where transition = 'activate') as history`.execute(db)
    ).rows;
    notes.push(
      `${engine}: the sweep moved ${first.value.moved.toLocaleString('en')} guests pending → active in ${first.value.passes} passes, writing ${Number(history).toLocaleString('en')} history rows, ${Number(audits).toLocaleString('en')} audit rows and ${Number(changes).toLocaleString('en')} change-log entries; the second sweep moved ${again.value.moved}.`,
    );
    const baseline = { label: 'raw UPDATE of the same rows', ms: raw.ms };
    const plainSql = { label: 'plain SQL writing the same rows', ms: plain.ms };
    return [
      { engine, measure: 'baseline: raw UPDATE guests set state', size, value: raw.ms / 1000, unit: 's' },
      secondsAgainst(
        {
          engine,
          measure: 'orientation: plain SQL writing the same rows',
          size,
          note: 'guests, history, audit and change-log rows in one statement, audit unchained',
        },
        plain.ms,
        baseline,
      ),
      secondsAgainst({ engine, measure: 'sweep: all guests change state', size }, first.ms, baseline),
      secondsAgainst({ engine, measure: 'sweep against the plain SQL', size }, first.ms, plainSql),
      { engine, measure: 'sweep rate', size, value: (size * 1000) / first.ms, unit: 'rows/s' },
      secondsAgainst({ engine, measure: 'sweep again (nothing due)', size }, again.ms, baseline),
    ];
  } finally {
    await target.close();
  }
}

export const guestsBenchmark: Benchmark = {
  name: 'guests',
  title: 'guest sweep: 100,000 timed transitions with history, audit and change log',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = Number(process.env.BENCH_GUESTS ?? 100_000);
    const notes = [
      `Visitors of one type, all pending with valid-from ${TODAY}; the sweep runs as a system actor in batches of ${SWEEP_BATCH.toLocaleString('en')} guests, one transaction each, ${workers} at a time (BENCH_GUEST_WORKERS) (history row, guest update, audit row, change-log entry per guest). People and guests are loaded with INSERT … SELECT; only the state change is timed.`,
      'Orientation: "plain SQL" moves the same guests and inserts their history rows, one audit row and one change-log entry each in one statement, as an expert would by hand, but without the hash chain (a row hash each, unchained), without locking and without notices; it is measured, then undone, before the sweep.',
    ];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, size, notes)));
    return {
      name: 'guests',
      title: this.title,
      aim: '≤ 3× the raw UPDATE on PostgreSQL',
      parameters: { guests: size, batch: SWEEP_BATCH, workers, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
