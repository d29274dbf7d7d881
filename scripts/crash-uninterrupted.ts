// The crash campaign's uninterrupted run (scripts/crash-campaign.ts): the same work as the killed run (its import
// files in order, its guests made at the same moment, its mail batches, the webhook deliveries) done once without
// kills, in one Steward in this process, on a fresh store; then the data of the two compared (crash-compare.ts).
import { ManualClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import type { Check } from './crash-checks.ts';
import { compareSnapshots, type Seen, setAsideMails, snapshotOf } from './crash-compare.ts';
import { GUESTS_DUE_AFTER_MS, seedGuestsIn } from './crash-guests.ts';
import { smtpSink, webhookReceiver } from './crash-sinks.ts';
import { campaignApp, doWork, type Kind, queueMailsIn, seedStore, START, wantsMore } from './crash-work.ts';

type Where = { databaseUrl?: string; dataDir?: string };

/** The work of a run, to be done again without kills: the import files in order, the guests made, the mail batches. */
export interface Work {
  csvs: string[];
  guestsAt: number;
  guests: number;
  /** The rounds of the mail batches queued after the first (round 0, queued with the seed). */
  mailRounds: number[];
  mails: number;
}

/** Like a process of the campaign, each step starts 16 minutes after the one before. */
const STEP = 16 * 60_000;

/**
 * The same work without kills on the fresh store at `where`; the checks that the killed run's data (at `killed`, with
 * what it delivered: `seen`) equal this run's, section by section.
 */
export async function compareWithUninterrupted(killed: Where, where: Where, work: Work, seen: Seen): Promise<Check[]> {
  const smtp = await smtpSink();
  const hooks = await webhookReceiver();
  const clock = new ManualClock(new Date(START).toISOString());
  const database = await openDatabase({ ...where, poolSize: 3 });
  const app = campaignApp(database, clock, smtp.url);
  try {
    await seedStore(app, hooks.url);
    for (const round of [0, ...work.mailRounds]) await queueMailsIn(app, round, work.mails);
    const untilDone = async (kind: Kind, options: { csv?: string } = {}) => {
      for (let n = 0; n < 100; n++) {
        clock.advance(STEP);
        if (!wantsMore(kind, await doWork(app, kind, options))) return;
      }
    };
    for (const csv of work.csvs) await untilDone('import', { csv });
    // The guests are made at the moment the killed run made them, so their dates are the same.
    clock.set(new Date(work.guestsAt));
    await seedGuestsIn(app, work.guestsAt, work.guests);
    clock.set(new Date(work.guestsAt + GUESTS_DUE_AFTER_MS));
    await untilDone('guests');
    await untilDone('mail');
    await untilDone('provision');
    const reference = await snapshotOf(app.db, { smtp: smtp.ids, events: hooks.events });
    const other = await openDatabase({ ...killed, poolSize: 2 });
    try {
      return compareSnapshots(await snapshotOf(other.db, seen), reference, await setAsideMails(other.db));
    } finally {
      await other.close();
    }
  } finally {
    await database.close();
    await smtp.close();
    await hooks.close();
  }
}
