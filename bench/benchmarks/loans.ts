import { sql } from 'kysely';
import { EXPIRY_BATCH } from '../../src/loans/loan-expiry.ts';
import { hashPassword, newPassword } from '../../src/platform/auth/secrets.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise, timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { insertRootUnit } from '../lib/root-unit.ts';

/**
 * Temporary accounts: (1) lending one account at a time (`app.loans.lend`, with the default
 * Argon2id cost for the one-time password), p50/p95 against hashing one password alone;
 * (2) the expiry of N overdue loans (default 2,000; BENCH_LOANS) in one `expireDue` — a
 * fresh Argon2id hash per account, loans closed, accounts freed, an audit row and two
 * change-log entries per loan — against a raw UPDATE closing the same loans.
 */
async function prepare(target: Target, size: number): Promise<number> {
  const db = target.app.db;
  const now = new Date();
  await db
    .insertInto('org_kinds')
    .values({ kind: 'department', label: 'Department', fields: '[]', created_at: now, updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const unit = await insertRootUnit(db, { code: 'DEPT', kind: 'department', name: 'Department' }, now);
  const hash = await hashPassword(newPassword());
  await sql`insert into temp_accounts (username, org_id, state, secret_hash, secret_changed_at, created_at, updated_at)
    select 'temp-' || i, ${unit}, 'lent', ${hash}, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz from generate_series(1, ${size}) as i`.execute(
    db,
  );
  await sql`insert into temp_loans (account_id, org_id, from_global, borrower_name, comment, starts_at, ends_at, lent_by)
    select a.id, ${unit}, false, 'Borrower ' || a.id, 'bench', ${now}::timestamptz - interval '5 hours', ${now}::timestamptz - interval '1 hour', 'bench' from temp_accounts a`.execute(
    db,
  );
  await sql`vacuum analyze`.execute(db);
  return Number(unit);
}

async function runEngine(engine: Engine, size: number, lends: number, notes: string[]): Promise<Row[]> {
  const target = await openTarget(engine, 'loans');
  try {
    log(`${engine}: ${size.toLocaleString('en')} overdue loans…`);
    const orgId = await prepare(target, size);
    const db = target.app.db;
    const raw = await timed(async () => {
      await sql`update temp_loans set ended_at = now(), end_reason = 'expired', ended_by = 'raw', version = version + 1 where ended_at is null and ends_at <= now()`.execute(
        db,
      );
      await sql`update temp_accounts set state = 'free' where state = 'lent'`.execute(db);
    });
    await sql`update temp_loans set ended_at = null, end_reason = null, ended_by = null, version = version - 1`.execute(
      db,
    );
    await sql`update temp_accounts set state = 'lent'`.execute(db);
    await sql`vacuum analyze`.execute(db);
    log(`${engine}: expiring…`);
    const expiry = await timed(() => target.app.loans.expireDue(benchActor));
    if (expiry.value.ended !== size) throw new Error(`the expiry ended ${expiry.value.ended} loans, not ${size}`);
    const again = await timed(() => target.app.loans.expireDue(benchActor));
    log(`${engine}: ${lends} lends…`);
    const hashes: number[] = [];
    for (let i = 0; i < lends; i += 1) hashes.push((await timed(() => hashPassword(newPassword()))).ms);
    const lendTimes: number[] = [];
    for (let i = 0; i < lends; i += 1) {
      const one = await timed(() =>
        target.app.loans.loans.lend(benchActor, { orgId, borrowerName: `Visitor ${i}`, comment: 'bench', hours: 4 }),
      );
      lendTimes.push(one.ms);
    }
    const h = summarise(hashes);
    const l = summarise(lendTimes);
    notes.push(
      `${engine}: the expiry ended ${expiry.value.ended.toLocaleString('en')} loans (batches of ${EXPIRY_BATCH}); the second run ended ${again.value.ended}.`,
    );
    const baseline = { label: 'raw UPDATE closing the same loans and freeing their accounts', value: raw.ms / 1000 };
    return [
      { engine, measure: 'baseline: raw UPDATE of loans and accounts', size, value: raw.ms / 1000, unit: 's' },
      {
        engine,
        measure: 'expiry: every overdue loan ended, credential reset',
        size,
        value: expiry.ms / 1000,
        unit: 's',
        baseline,
        ratio: expiry.ms / raw.ms,
      },
      { engine, measure: 'expiry rate', size, value: (size * 1000) / expiry.ms, unit: 'rows/s' },
      { engine, measure: 'expiry again (nothing due)', size, value: again.ms / 1000, unit: 's' },
      { engine, measure: 'baseline: one Argon2id hash, p50', size: lends, value: h.p50, unit: 'ms' },
      {
        engine,
        measure: 'lend p50',
        size: lends,
        value: l.p50,
        unit: 'ms',
        baseline: { label: 'one Argon2id hash p50', value: h.p50 },
        ratio: l.p50 / h.p50,
      },
      { engine, measure: 'lend p95', size: lends, value: l.p95, unit: 'ms' },
    ];
  } finally {
    await target.close();
  }
}

export const loansBenchmark: Benchmark = {
  name: 'loans',
  title: 'temporary accounts: lending latency and the expiry of many loans',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const size = Number(process.env.BENCH_LOANS ?? 2_000);
    const lends = Number(process.env.BENCH_LENDS ?? 100);
    const notes = [
      'Default Argon2id cost (19 MiB, 2 passes): every lend hashes the one-time password at the default cost, which bounds the lend; an ended loan gets a random secret hashed at the light reset cost (1 MiB, 1 pass).',
    ];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, size, lends, notes)));
    return {
      name: 'loans',
      title: this.title,
      aim: '—',
      parameters: { loans: size, lends, batch: EXPIRY_BATCH, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
