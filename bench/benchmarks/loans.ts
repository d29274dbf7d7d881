import { type Kysely, sql } from 'kysely';
import { EXPIRY_BATCH } from '../../src/loans/loan-expiry.ts';
import { hashPassword, newPassword } from '../../src/platform/auth/secrets.ts';
import type { DB } from '../../src/platform/db/schema.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log } from '../lib/progress.ts';
import { type BenchResult, type Row, secondsAgainst } from '../lib/report.ts';
import { summarise, timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { insertRootUnit } from '../lib/root-unit.ts';

/**
 * Temporary accounts: (1) lending one account at a time (`app.loans.lend`, with the default
 * Argon2id cost for the one-time password), p50/p95 against hashing one password alone;
 * (2) the expiry of N overdue loans (default 2,000; BENCH_LOANS) in one `expireDue` — a
 * fresh random unusable credential per account (no hashing), loans closed, accounts freed,
 * an audit row and two change-log entries per loan — against a raw UPDATE closing the same
 * loans, and (for orientation) plain SQL writing every row the expiry writes.
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

/** Every row the expiry writes, by hand in one statement: loans, accounts, an audit row and two change entries each. */
async function plainExpiry(db: Kysely<DB>): Promise<void> {
  await sql`
    with ended as (
      update temp_loans set ended_at = now(), end_reason = 'expired', ended_by = 'plain', version = version + 1
      where ended_at is null and ends_at <= now() returning id, account_id
    ), freed as (
      update temp_accounts a set state = 'free', secret_hash = '!' || md5(random()::text), secret_changed_at = now(), updated_at = now(), version = a.version + 1
      from ended e where a.id = e.account_id and a.state = 'lent' returning a.id, a.username, e.id as loan_id
    ), heads as (
      select (select seq from chain_heads where name = 'audit') as audit, (select seq from chain_heads where name = 'changes') as changes
    ), audited as (
      insert into audit_log (seq, at, actor_id, actor, action, target_type, target_id, reason, before, after, prev_hash, hash)
      select h.audit + row_number() over (order by f.loan_id), now(), null, 'plain', 'loan.expire', 'temp_loan', f.loan_id::text, null, null,
        jsonb_build_object('accountId', f.id, 'username', f.username, 'endedAt', now(), 'credentialReset', true),
        sha256(convert_to(f.username, 'UTF8')), sha256(convert_to(f.loan_id::text, 'UTF8'))
      from freed f, heads h
    )
    insert into change_log (position, at, entity_type, entity_id, op, data)
    select h.changes + row_number() over (order by f.loan_id, k.k), now(), k.entity_type, case k.k when 1 then f.loan_id else f.id end::text, k.op,
      jsonb_build_object('username', f.username, 'state', 'free', 'loanId', f.loan_id)
    from freed f cross join (values (1, 'temp_loan', 'expired'), (2, 'temp_account', 'credential-reset')) as k(k, entity_type, op), heads h`.execute(
    db,
  );
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
    const plain = await timed(() => db.transaction().execute((trx) => plainExpiry(trx)));
    await sql`update temp_loans set ended_at = null, end_reason = null, ended_by = null, version = version - 1`.execute(
      db,
    );
    await sql`update temp_accounts set state = 'lent'`.execute(db);
    await sql`delete from audit_log where actor = 'plain'`.execute(db);
    await sql`delete from change_log where position > (select seq from chain_heads where name = 'changes')`.execute(db);
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
    const baseline = { label: 'raw UPDATE closing the same loans and freeing their accounts', ms: raw.ms };
    const plainSql = { label: 'plain SQL writing the same rows', ms: plain.ms };
    return [
      { engine, measure: 'baseline: raw UPDATE of loans and accounts', size, value: raw.ms / 1000, unit: 's' },
      secondsAgainst(
        {
          engine,
          measure: 'orientation: plain SQL writing the same rows',
          size,
          note: 'loans, accounts, audit and change-log rows in one statement, audit unchained',
        },
        plain.ms,
        baseline,
      ),
      secondsAgainst(
        { engine, measure: 'expiry: every overdue loan ended, credential reset', size },
        expiry.ms,
        baseline,
      ),
      secondsAgainst({ engine, measure: 'expiry against the plain SQL', size }, expiry.ms, plainSql),
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
      'Default Argon2id cost (19 MiB, 2 passes): every lend hashes the one-time password at the default cost, which bounds the lend; an ended loan gets a random unusable credential (no hash: no password verifies against it).',
      'Orientation: "plain SQL" ends the same loans, frees the accounts and inserts one audit row and two change-log entries per loan in one statement, as an expert would by hand, but without the hash chain (a row hash each, unchained) and without locking; it is measured, then undone, before the expiry.',
    ];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, size, lends, notes)));
    return {
      name: 'loans',
      title: this.title,
      aim: '≤ 5× the raw UPDATE on PostgreSQL',
      parameters: { loans: size, lends, batch: EXPIRY_BATCH, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
