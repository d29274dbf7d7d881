// The checks of the crash campaign (scripts/crash-campaign.ts), made on the storage once
// every kind of work has been let finish.
import pino from 'pino';
import { sql } from 'kysely';
import { createApp } from '../src/app.ts';
import { systemActor } from '../src/platform/auth/actor.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

/** What an uninterrupted run writes: the (source key, family name) of every imported row, the mails queued. */
export interface Expected {
  people: [string, string][];
  mails: number;
  /** The import reports of the processes that ran to their end. */
  imports: { rows: number; failed: number; created: number; updated: number; unchanged: number }[];
}

const counts = (ids: string[]) => {
  const seen = new Map<string, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  return seen;
};

export async function checkStorage(
  where: { databaseUrl?: string; dataDir?: string },
  expected: Expected,
  seen: { smtp: string[]; hooks: string[]; target: string },
): Promise<Check[]> {
  const database = await openDatabase({ ...where, poolSize: 2 });
  const db = database.db;
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, detail });
  try {
    // The change log: positions 1..head, each once, and the head where chain_heads says.
    const log = await db
      .selectFrom('change_log')
      .select([
        sql<number>`count(*)::int`.as('n'),
        sql<number>`count(distinct position)::int`.as('distinct'),
        sql<number>`coalesce(min(position), 0)::int`.as('min'),
        sql<number>`coalesce(max(position), 0)::int`.as('max'),
      ])
      .executeTakeFirstOrThrow();
    const head = await db
      .selectFrom('chain_heads')
      .select('seq')
      .where('name', '=', 'changes')
      .executeTakeFirstOrThrow();
    check(
      'change log contiguous 1..head, no duplicate, matching chain_heads',
      log.n === log.distinct && log.max === log.n && (log.n === 0 || log.min === 1) && Number(head.seq) === log.n,
      `${log.n} entries, positions ${log.min}..${log.max}, head ${head.seq}`,
    );
    const app = createApp({
      config: loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' }),
      database,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
    });
    const audit = await app.audit.verify(systemActor('crash-campaign'));
    check('audit verify', audit.ok, `${audit.checked} rows${audit.ok ? '' : `: ${JSON.stringify(audit.problems[0])}`}`);

    // The import: every row once, as an uninterrupted run writes it, and the last report complete.
    const people = await db
      .selectFrom('identifiers')
      .innerJoin('people', 'people.id', 'identifiers.person_id')
      .select(['identifiers.value', 'people.family_name'])
      .where('identifiers.kind', '=', 'source-key')
      .where('identifiers.scope', '=', 'hr')
      .execute();
    const got = new Set(people.map((p) => `${p.value}|${p.family_name}`));
    const want = new Set(expected.people.map(([k, f]) => `${k}|${f}`));
    const persons = await db
      .selectFrom('people')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('state', '=', 'active')
      .executeTakeFirstOrThrow();
    check(
      'imported people equal an uninterrupted run (count, source key and family name)',
      people.length === want.size && got.size === want.size && [...want].every((w) => got.has(w)),
      `${people.length} people from hr (${want.size} rows imported), ${persons.n} people in all`,
    );
    const last = expected.imports.at(-1);
    check(
      'import report complete',
      !!last && last.failed === 0 && last.created + last.updated + last.unchanged === last.rows,
      JSON.stringify(last),
    );

    // Mail: no message twice at the sink, nothing left to send, every mail marked sent arrived.
    const smtpCounts = counts(seen.smtp);
    const twice = [...smtpCounts].filter(([, n]) => n > 1);
    check('no mail sent twice', twice.length === 0, `${seen.smtp.length} received, ${twice.length} more than once`);
    const outbox = await db.selectFrom('outbox').select(['state', 'message_id']).execute();
    const states = counts(outbox.map((m) => m.state));
    const open = outbox.filter((m) => m.state === 'queued' || m.state === 'sending' || m.state === 'failed');
    check(
      'outbox empty (every mail sent, or set aside to check after its sender died)',
      open.length === 0 && outbox.length >= expected.mails,
      JSON.stringify(Object.fromEntries(states)),
    );
    const sent = outbox.filter((m) => m.state === 'sent');
    const lost = sent.filter((m) => !smtpCounts.has(m.message_id!));
    const unknown = [...smtpCounts.keys()].filter((id) => !outbox.some((m) => m.message_id === id));
    check(
      'the mails delivered are the mails marked sent (and those set aside to check)',
      lost.length === 0 && unknown.length === 0 && seen.smtp.length <= sent.length + (states.get('check') ?? 0),
      `${sent.length} sent, ${lost.length} of them not received, ${unknown.length} received unknown`,
    );

    // Webhooks: every delivery row delivered once, every event at the receiver, repeats counted.
    const target = await db
      .selectFrom('provision_targets')
      .select(['id', 'cursor'])
      .where('name', '=', seen.target)
      .executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('webhook_deliveries')
      .select(['state', 'event', 'position'])
      .where('target_id', '=', target.id)
      .execute();
    const events = await db
      .selectFrom('change_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('entity_type', '=', 'person')
      .executeTakeFirstOrThrow();
    const hookCounts = counts(seen.hooks);
    const ids = rows.map((r) => String((r.event as { id: unknown }).id));
    check(
      'webhook deliveries: one per person change, each delivered',
      rows.length === events.n &&
        rows.every((r) => r.state === 'delivered') &&
        Number(target.cursor) === Number(head.seq),
      `${rows.length} deliveries for ${events.n} person changes, cursor ${target.cursor} of ${head.seq}`,
    );
    const missing = ids.filter((id) => !hookCounts.has(id));
    const repeats = [...hookCounts.values()].reduce((s, n) => s + n - 1, 0);
    check(
      'webhook events at the receiver: each at least once, repeats only of events in flight at a kill',
      missing.length === 0 && hookCounts.size === ids.length,
      `${hookCounts.size} events received, ${missing.length} missing, ${repeats} repeated`,
    );
    const pending = await db
      .selectFrom('provision_pending')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    check('provisioning queue empty', pending.n === 0, `${pending.n} pending`);
  } finally {
    await database.close();
  }
  return checks;
}
