// The crash campaign (issue 13): a Steward process is killed with SIGKILL at random moments
// of a people CSV import, of the guest lifecycle sweep, of mail delivery from the outbox to
// a local SMTP sink and of a webhook provisioning batch to a local receiver; another process
// is started on the same storage each time, the work is let finish, and the result is
// checked: the change log without gap or duplicate, the audit chain verified, no mail sent
// twice, each guest transition once, each webhook event delivered (at least once; the
// repeats are counted), nothing left queued; then the same work (the same import files, guests
// and mail batches) is done once more without kills on a fresh store, and the final data of the
// two (people, identifiers, affiliations, statuses, guests and their transitions, mail queued and
// received, webhook events received; ids and timestamps left out) must be equal.
// Usage: node scripts/crash-campaign.ts [--kills=50] [--database-url=postgres://…] (PGlite in a temporary directory without it)
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ManualClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { type Check, checkStorage, type Expected } from './crash-checks.ts';
import { checkGuests, GUESTS_DUE_AFTER_MS, seedGuests } from './crash-guests.ts';
import { smtpSink, webhookReceiver } from './crash-sinks.ts';
import { compareWithUninterrupted, type Work } from './crash-uninterrupted.ts';
import { campaignApp, type Kind, queueMailsIn, seedStore, START, TARGET, UNIT, wantsMore } from './crash-work.ts';

export type { Kind };

export interface Where {
  databaseUrl?: string;
  dataDir?: string;
}
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
  /** Another such storage, for the same work done once without kills. */
  reference: Where;
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

const CHILD = join(import.meta.dirname, 'crash-child.ts');

function csvFile(dir: string, round: number, people: number): { file: string; rows: [string, string][] } {
  const rows: [string, string][] = [];
  const lines = ['source_key,given_name,family_name,email,org_code,affiliation_kind'];
  for (let i = 0; i < people; i++) {
    const key = `r${round}-${String(i).padStart(5, '0')}`;
    const family = `Family${round}x${i}`;
    rows.push([key, family]);
    lines.push(`${key},Given${i},${family},${key}@people.example,${UNIT},staff`);
  }
  const file = join(dir, `people-${round}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, rows };
}

/** Migrates, adds the unit, status type and webhook target, and queues the first mails. */
async function seed(where: Where, hookUrl: string, mails: number): Promise<void> {
  const database = await openDatabase({ ...where, poolSize: 2 });
  try {
    const app = campaignApp(database, new ManualClock(new Date(START).toISOString()));
    await seedStore(app, hookUrl);
    await queueMailsIn(app, 0, mails);
  } finally {
    await database.close();
  }
}

async function queueMails(where: Where, round: number, mails: number): Promise<void> {
  const database = await openDatabase({ ...where, poolSize: 2 });
  try {
    await queueMailsIn(campaignApp(database, new ManualClock(new Date(START).toISOString())), round, mails);
  } finally {
    await database.close();
  }
}

interface Run {
  process: ChildProcess;
  started: Promise<boolean>;
  done: Promise<{ code: number | null; signal: string | null; out: string }>;
}

/**
 * When the processes of a run believe they are: each starts 16 minutes after the one before, so a mail claim of a
 * killed process is stale (15 minutes); the guest phase moves the epoch on, so that every transition of the guests is
 * due (the clock never goes back).
 */
class Timeline {
  epoch = START;
  spawned = 0;
  /** The moment the next process would start at. */
  get at(): number {
    return this.epoch + this.spawned * 16 * 60_000;
  }
  next(): string {
    this.spawned += 1;
    return new Date(this.at).toISOString();
  }
}

function child(where: Where, time: Timeline, kind: Kind, extra: object): Run {
  const now = time.next();
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
async function finish(where: Where, time: Timeline, kind: Kind, extra: object): Promise<unknown> {
  const end = await child(where, time, kind, extra).done;
  if (end.code !== 0) throw new Error(`the ${kind} process failed (${end.code}): ${end.out}`);
  return (JSON.parse(end.out.trim().split('\n').at(-1)!) as { report: unknown }).report;
}

/** Lets the work finish in as many processes as it takes (the outbox sends 500 mails a run at most, a pass 1,000). */
async function finishAll(where: Where, time: Timeline, kind: Kind, extra: object): Promise<void> {
  for (let n = 0; n < 100; n++) if (!wantsMore(kind, await finish(where, time, kind, extra))) return;
}

/** The state of the killed run: the storage, what is expected of it, the work done (to do again), the kills. */
interface Campaign {
  options: CampaignOptions;
  time: Timeline;
  dir: string;
  smtpUrl: string;
  expected: Expected;
  work: Work;
  kills: Kill[];
  print: (line: string) => void;
  people: number;
  mails: number;
  /** The last round of import files and mail batches. */
  round: number;
}

/** The next import file, expected and to be done again. */
function nextCsv(c: Campaign): string {
  const csv = csvFile(c.dir, c.round, c.people);
  c.expected.people.push(...csv.rows);
  c.work.csvs.push(csv.file);
  return csv.file;
}

/** Starts processes of one kind of work and kills each at a random moment, until `kills` of them are killed. */
async function killRuns(c: Campaign, kind: Kind, kills: number, window: number): Promise<void> {
  const where = c.options.where;
  const extra = () => (kind === 'import' ? { csv: c.work.csvs.at(-1) } : kind === 'mail' ? { smtpUrl: c.smtpUrl } : {});
  let done = 0;
  for (let attempt = 0; done < kills && attempt < kills * 3; attempt++) {
    const run = child(where, c.time, kind, extra());
    if (!(await run.started)) throw new Error(`the ${kind} process did not start: ${(await run.done).out}`);
    const afterMs = Math.round(Math.random() * window);
    await Promise.race([sleep(afterMs), run.done]);
    run.process.kill('SIGKILL');
    const end = await run.done;
    const finished = end.signal !== 'SIGKILL';
    if (finished && end.code !== 0) throw new Error(`the ${kind} process failed (${end.code}): ${end.out}`);
    c.kills.push({ kind, afterMs, finished });
    c.print(`${kind}: ${finished ? 'ran to its end before' : 'killed'} ${afterMs} ms after start`);
    if (!finished) done++;
    else if (kind === 'import') {
      c.expected.imports.push((JSON.parse(end.out.trim().split('\n').at(-1)!) as { report: never }).report);
      c.round += 1;
      nextCsv(c);
    } else if (kind === 'mail') {
      c.round += 1;
      await queueMails(where, c.round, c.mails);
      c.work.mailRounds.push(c.round);
      c.expected.mails += c.mails;
    } else window = Math.round(window * 0.7); // the window grows a little with each process that ended first
  }
  // Let the work finish in one more process (the outbox and the webhook deliveries in as many as they take).
  if (kind === 'import') c.expected.imports.push((await finish(where, c.time, kind, extra())) as never);
  else await finishAll(where, c.time, kind, extra());
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const where = options.where;
  const dir = mkdtempSync(join(tmpdir(), 'steward-campaign-'));
  const smtp = await smtpSink();
  const hooks = await webhookReceiver();
  const mails = options.mails ?? 300;
  const c: Campaign = {
    options,
    time: new Timeline(),
    dir,
    smtpUrl: smtp.url,
    expected: { people: [], mails, imports: [] },
    work: { csvs: [], guestsAt: 0, guests: options.guests ?? 200, mailRounds: [], mails },
    kills: [],
    print,
    people: options.people ?? 2000,
    mails,
    round: 0,
  };
  try {
    await seed(where, hooks.url, mails);
    nextCsv(c);
    const share = (i: number) => Math.floor(options.kills / 4) + (i < options.kills % 4 ? 1 : 0);
    await killRuns(c, 'import', share(0), 1500);
    c.work.guestsAt = c.time.at;
    const guests = await seedGuests(where, c.work.guestsAt, c.work.guests);
    c.time.epoch += GUESTS_DUE_AFTER_MS;
    await killRuns(c, 'guests', share(1), 1500);
    await killRuns(c, 'mail', share(2), 800);
    await killRuns(c, 'provision', share(3), 800);
    const checks = await checkStorage(where, c.expected, { smtp: smtp.ids, hooks: hooks.ids, target: TARGET });
    checks.push(await checkGuests(where, guests));
    const started = Date.now();
    const seen = { smtp: smtp.ids, events: hooks.events };
    checks.push(...(await compareWithUninterrupted(where, options.reference, c.work, seen)));
    for (const ch of checks) print(`${ch.ok ? 'ok  ' : 'FAIL'} ${ch.name}${ch.detail ? `: ${ch.detail}` : ''}`);
    const killed = c.kills.filter((k) => !k.finished).length;
    print(
      `${killed} kills (${c.kills.length - killed} processes ended on their own first); ${checks.length} checks; ` +
        `the uninterrupted run and the comparison took ${Math.round((Date.now() - started) / 1000)} s`,
    );
    return { kills: c.kills, checks, ok: checks.every((ch) => ch.ok) };
  } finally {
    await smtp.close();
    await hooks.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A database of its own on the server at `url`, or a PGlite data directory in a temporary directory. */
async function scratchStorage(
  url: string | undefined,
  suffix: string,
): Promise<{ where: Where; drop(): Promise<void> }> {
  if (!url) {
    const dataDir = mkdtempSync(join(tmpdir(), 'steward-crash-'));
    return { where: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `steward_campaign_${process.pid}_${suffix}`;
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
  const storage = await scratchStorage(arg('database-url'), 'killed');
  const reference = await scratchStorage(arg('database-url'), 'uninterrupted');
  try {
    const result = await runCampaign({
      kills: Number(arg('kills') ?? 50),
      where: storage.where,
      reference: reference.where,
    });
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await storage.drop();
    await reference.drop();
  }
}
