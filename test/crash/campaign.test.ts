import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { runCampaign, type Where } from '../../scripts/crash-campaign.ts';
import { SECTIONS } from '../../scripts/crash-compare.ts';
import { storageKind } from '../harness.ts';

// The short form of the crash campaign (node scripts/crash-campaign.ts --kills=50 is the
// full one): a few SIGKILLs during a people import, the guest sweep, mail delivery and a
// webhook batch, on the storage of this run (a PGlite data directory, or a database on the
// PostgreSQL server); then the same work without kills on a second store, whose data must
// equal the first's.

let where: Where;
let reference: Where;
const drops: (() => Promise<void>)[] = [];

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A migrated store of this run's kind that no other process holds. */
async function freshStorage(suffix: string): Promise<Where> {
  if (storageKind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'steward-campaign-db-'));
    // The template is written into the directory, which the processes of the campaign then open.
    const database = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await database.close();
    drops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    return { dataDir };
  }
  const url = process.env.STEWARD_TEST_DATABASE_URL!;
  const name = `steward_campaign_${process.pid}_${suffix}`;
  await adminQuery(url, `drop database if exists ${name} with (force)`);
  await adminQuery(url, `create database ${name} template ${inject('pgTemplate')}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  drops.push(() => adminQuery(url, `drop database if exists ${name} with (force)`));
  return { databaseUrl: target.toString() };
}

beforeAll(async () => {
  where = await freshStorage('killed');
  reference = await freshStorage('uninterrupted');
});

afterAll(async () => {
  for (const drop of drops) await drop();
});

describe('the crash campaign, short form', () => {
  it("kills Steward during an import, a guest sweep, mail delivery and a webhook batch; every check passes and the data equal an uninterrupted run's", async () => {
    const lines: string[] = [];
    const result = await runCampaign({
      kills: 4,
      where,
      reference,
      people: 500,
      guests: 30,
      mails: 40,
      print: (l) => lines.push(l),
    });
    expect(
      result.checks.filter((c) => !c.ok),
      lines.join('\n'),
    ).toEqual([]);
    expect(result.checks.length).toBeGreaterThanOrEqual(20);
    // The comparison with the uninterrupted run covers each section of the data, and none of them is empty.
    const compared = result.checks.filter((c) => c.name.startsWith("the data equal an uninterrupted run's"));
    console.log(lines.filter((l) => l.includes("uninterrupted run's") || l.includes('kills (')).join('\n'));
    expect(compared.map((c) => c.name.split(': ')[1])).toEqual([...SECTIONS]);
    expect(compared.filter((c) => c.detail?.startsWith('0 lines'))).toEqual([]);
    expect(new Set(result.kills.map((k) => k.kind))).toEqual(new Set(['import', 'guests', 'mail', 'provision']));
  });
});
