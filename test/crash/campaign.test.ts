import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { runCampaign, type Where } from '../../scripts/crash-campaign.ts';
import { storageKind } from '../harness.ts';

// The short form of the crash campaign (node scripts/crash-campaign.ts --kills=50 is the
// full one): a few SIGKILLs during a people import, the guest sweep, mail delivery and a
// webhook batch, on the storage of this run (a PGlite data directory, or a database on the
// PostgreSQL server).

let where: Where;
let drop: () => Promise<void>;

async function adminQuery(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (storageKind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'steward-campaign-db-'));
    // The template is written into the directory, which the processes of the campaign then open.
    const database = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('pgliteTemplate'))]) });
    await database.close();
    where = { dataDir };
    drop = async () => rmSync(dataDir, { recursive: true, force: true });
    return;
  }
  const url = process.env.STEWARD_TEST_DATABASE_URL!;
  const name = `steward_campaign_${process.pid}`;
  await adminQuery(url, `drop database if exists ${name} with (force)`);
  await adminQuery(url, `create database ${name} template ${inject('pgTemplate')}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  where = { databaseUrl: target.toString() };
  drop = () => adminQuery(url, `drop database if exists ${name} with (force)`);
}, 60_000);

afterAll(async () => {
  await drop?.();
});

describe('the crash campaign, short form', () => {
  it(
    'kills Steward during an import, a guest sweep, mail delivery and a webhook batch; every check passes',
    { timeout: 150_000 },
    async () => {
      const lines: string[] = [];
      const result = await runCampaign({
        kills: 4,
        where,
        people: 500,
        guests: 30,
        mails: 40,
        print: (l) => lines.push(l),
      });
      expect(
        result.checks.filter((c) => !c.ok),
        lines.join('\n'),
      ).toEqual([]);
      expect(result.checks.length).toBeGreaterThanOrEqual(11);
      expect(new Set(result.kills.map((k) => k.kind))).toEqual(new Set(['import', 'guests', 'mail', 'provision']));
    },
  );
});
