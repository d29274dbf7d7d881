// The crash campaign (issue 13): a Steward process is killed with SIGKILL at random moments
// of a people CSV import, of the guest lifecycle sweep, of mail delivery from the outbox to
// a local SMTP sink and of a webhook provisioning batch to a local receiver; another process
// is started on the same storage each time, the work is let finish, and the result is
// checked: the change log without gap or duplicate, the audit chain verified, no mail sent
// twice, each guest transition once, each webhook event delivered (at least once; the
// repeats are counted), nothing left queued, and the data equal to what an uninterrupted
// run writes.
// Usage: node scripts/crash-campaign.ts [--kills=50] [--database-url=postgres://…] (PGlite in a temporary directory without it)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../src/app.ts';
import { enqueue } from '../src/notify/outbox.ts';
import { systemActor } from '../src/platform/auth/actor.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { write } from '../src/platform/unit-of-work.ts';
import { newWebhookSecret } from '../src/provision/webhook/webhook-signing.ts';
import { type Check, checkStorage, type Expected } from './crash-checks.ts';
import { checkGuests, GUESTS_DUE_AFTER_MS, seedGuests } from './crash-guests.ts';

export interface Where {
  databaseUrl?: string;
  dataDir?: string;
}
export type Kind = 'import' | 'guests' | 'mail' | 'provision';
export interface Kill {
  kind: Kind;
  afterMs: number;
  /** The process ended on its own before the kill. */
  finished: boolean;
}
export interface CampaignOptions {
  kills: number;
  /** Storage already migrated (or empty) that no other process holds. */
  where: Where;
  /** People per import file (default 2,000), guests (default 200) and mails per batch (default 300). */
  people?: number;
  guests?: number;
  mails?: number;
  print?: (line: string) => void;
}
export interface CampaignResult {
  kills: Kill[];
  checks: Check[];
  ok: boolean;
}

const START = Date.parse('2026-09-01T09:00:00Z');
const TARGET = 'crash-hook';
const CHILD = join(import.meta.dirname, 'crash-child.ts');

/** A real SMTP server that keeps the Message-ID of every mail it takes. */
async function smtpSink() {
  const ids: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        ids.push(/^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? '(none)');
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, ids, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** An HTTP webhook receiver that answers 204 and counts the requests per event id. */
async function webhookReceiver() {
  const ids: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      ids.push(String((JSON.parse(body) as { id?: unknown }).id));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    ids,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

function csvFile(dir: string, round: number, people: number): { file: string; rows: [string, string][] } {
  const rows: [string, string][] = [];
  const lines = ['source_key,given_name,family_name,email'];
  for (let i = 0; i < people; i++) {
    const key = `r${round}-${String(i).padStart(5, '0')}`;
    const family = `Family${round}x${i}`;
    rows.push([key, family]);
    lines.push(`${key},Given${i},${family},${key}@people.example`);
  }
  const file = join(dir, `people-${round}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, rows };
}

/** Migrates, adds the webhook target (from the change log's head on) and queues the first mails. */
async function seed(where: Where, hookUrl: string, mails: number): Promise<void> {
  const database = await openDatabase({ ...where, poolSize: 2 });
  try {
    await migrateToLatest(database.db);
    const head = await database.db
      .selectFrom('chain_heads')
      .select('seq')
      .where('name', '=', 'changes')
      .executeTakeFirstOrThrow();
    const at = new Date(START);
    await database.db
      .insertInto('provision_targets')
      .values({
        name: TARGET,
        kind: 'webhook',
        settings: JSON.stringify({ url: hookUrl, events: ['person.*'], source: 'urn:steward:crash' }),
        secrets: JSON.stringify({ secret: newWebhookSecret() }),
        selection: '{}',
        mappings: '{}',
        groups: '[]',
        lifecycle: '{}',
        max_attempts: 50,
        state: 'active',
        cursor: head.seq,
        created_at: at,
        updated_at: at,
      })
      .execute();
  } finally {
    await database.close();
  }
  await queueMails(where, 0, mails);
}

async function queueMails(where: Where, round: number, mails: number): Promise<void> {
  const database = await openDatabase({ ...where, poolSize: 2 });
  const app = createApp({
    config: loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' }),
    database,
    clock: new ManualClock(new Date(START).toISOString()),
    logger: pino({ level: 'silent' }),
  });
  try {
    const requests = Array.from({ length: mails }, (_, n) => ({
      event: 'approved' as const,
      to: `person${n}@uni.example`,
      context: {
        name: `Person ${n}`,
        request: { id: n, visitor: `Visitor ${n}`, from: '2026-12-01', to: '2026-12-31' },
        approver: 'Cid',
        comment: 'Welcome.',
      },
      dedupeKey: `crash:${round}:${n}`,
    }));
    await write({ db: app.db, clock: app.clock }, systemActor('crash-campaign'), async (uow) => {
      for (const r of requests) await enqueue(uow, r);
    });
  } finally {
    await database.close();
  }
}

interface Run {
  process: ChildProcess;
  started: Promise<boolean>;
  done: Promise<{ code: number | null; signal: string | null; out: string }>;
}

let spawned = 0;
/** Moved on by the guest phase, so that every transition of the guests is due (the clock never goes back). */
let epoch = START;
function child(where: Where, kind: Kind, extra: object): Run {
  // Each process starts 16 minutes after the one before, so a mail claim of a killed process is stale (15 minutes).
  const now = new Date(epoch + ++spawned * 16 * 60_000).toISOString();
  const proc = spawn(process.execPath, [CHILD, JSON.stringify({ ...where, now, kind, target: TARGET, ...extra })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let onStarted: (v: boolean) => void = () => {};
  const started = new Promise<boolean>((r) => (onStarted = r));
  proc.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes('started\n')) onStarted(true);
  });
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    proc.once('exit', (code, signal) => (onStarted(false), resolve({ code, signal, out }))),
  );
  return { process: proc, started, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the work to its end in one process; throws when the process fails. */
async function finish(where: Where, kind: Kind, extra: object): Promise<unknown> {
  const end = await child(where, kind, extra).done;
  if (end.code !== 0) throw new Error(`the ${kind} process failed (${end.code}): ${end.out}`);
  return (JSON.parse(end.out.trim().split('\n').at(-1)!) as { report: unknown }).report;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const people = options.people ?? 2000;
  const mails = options.mails ?? 300;
  const where = options.where;
  const dir = mkdtempSync(join(tmpdir(), 'steward-campaign-'));
  const smtp = await smtpSink();
  const hooks = await webhookReceiver();
  const kills: Kill[] = [];
  const expected: Expected = { people: [], mails, imports: [] };
  try {
    await seed(where, hooks.url, mails);
    const kinds: Kind[] = ['import', 'guests', 'mail', 'provision'];
    const share = (i: number) => Math.floor(options.kills / 4) + (i < options.kills % 4 ? 1 : 0);
    // The window a kill falls in grows a little with each process that ended on its own first.
    const window: Record<Kind, number> = { import: 1500, guests: 1500, mail: 800, provision: 800 };
    let round = 0;
    let csv = csvFile(dir, round, people);
    expected.people.push(...csv.rows);
    let guests: number[] = [];
    for (const [i, kind] of kinds.entries()) {
      if (kind === 'guests') {
        guests = await seedGuests(where, epoch + spawned * 16 * 60_000, options.guests ?? 200);
        epoch += GUESTS_DUE_AFTER_MS;
      }
      const extra = () => (kind === 'import' ? { csv: csv.file } : kind === 'mail' ? { smtpUrl: smtp.url } : {});
      let done = 0;
      for (let attempt = 0; done < share(i) && attempt < share(i) * 3; attempt++) {
        const run = child(where, kind, extra());
        if (!(await run.started)) throw new Error(`the ${kind} process did not start: ${(await run.done).out}`);
        const afterMs = Math.round(Math.random() * window[kind]);
        await Promise.race([sleep(afterMs), run.done]);
        run.process.kill('SIGKILL');
        const end = await run.done;
        const finished = end.signal !== 'SIGKILL';
        if (finished && end.code !== 0) throw new Error(`the ${kind} process failed (${end.code}): ${end.out}`);
        kills.push({ kind, afterMs, finished });
        print(`${kind}: ${finished ? 'ran to its end before' : 'killed'} ${afterMs} ms after start`);
        if (!finished) done++;
        else if (kind === 'import') {
          expected.imports.push((JSON.parse(end.out.trim().split('\n').at(-1)!) as { report: never }).report);
          csv = csvFile(dir, ++round, people);
          expected.people.push(...csv.rows);
        } else if (kind === 'mail') {
          await queueMails(where, ++round, mails);
          expected.mails += mails;
        } else window[kind] = Math.round(window[kind] * 0.7);
      }
      // Let the work finish in one more process (the outbox and the webhook deliveries in as many as they take).
      if (kind === 'import') expected.imports.push((await finish(where, kind, extra())) as never);
      else
        for (let n = 0; n < 100; n++) {
          // The outbox sends at most 500 mails a run, a webhook pass 1,000 deliveries.
          const report = (await finish(where, kind, extra())) as {
            sent?: number;
            queued?: number;
            deliveries?: { delivered: number };
          };
          const more =
            kind === 'mail'
              ? (report.sent ?? 0) >= 500
              : kind === 'provision' && (report.deliveries?.delivered ?? 0) + (report.queued ?? 0) > 0;
          if (!more) break;
        }
    }
    const checks = await checkStorage(where, expected, { smtp: smtp.ids, hooks: hooks.ids, target: TARGET });
    checks.push(await checkGuests(where, guests));
    for (const c of checks) print(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
    const killed = kills.filter((k) => !k.finished).length;
    print(`${killed} kills (${kills.length - killed} processes ended on their own first); ${checks.length} checks`);
    return { kills, checks, ok: checks.every((c) => c.ok) };
  } finally {
    await smtp.close();
    await hooks.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A database of its own on the server at `url`, or a PGlite data directory in a temporary directory. */
async function scratchStorage(url: string | undefined): Promise<{ where: Where; drop(): Promise<void> }> {
  if (!url) {
    const dataDir = mkdtempSync(join(tmpdir(), 'steward-crash-'));
    return { where: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `steward_campaign_${process.pid}`;
  const sql = async (text: string) => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(text);
    await admin.end();
  };
  await sql(`drop database if exists ${name} with (force)`);
  await sql(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { where: { databaseUrl: target.toString() }, drop: () => sql(`drop database if exists ${name} with (force)`) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name: string) =>
    process.argv
      .find((a) => a.startsWith(`--${name}=`))
      ?.split('=')
      .slice(1)
      .join('=');
  const storage = await scratchStorage(arg('database-url'));
  try {
    const result = await runCampaign({ kills: Number(arg('kills') ?? 50), where: storage.where });
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await storage.drop();
  }
}
