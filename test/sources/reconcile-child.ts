/**
 * A reconcile in a process of its own, for the kill -9 test (kill-mid-apply.test.ts):
 * sends one CSV snapshot of source `hr` to a PGlite data directory or a PostgreSQL
 * database and, inside the apply transaction of batch `blockAt` (after earlier batches
 * committed), prints `BLOCKED <n>` and waits there forever with the transaction open, so
 * the test can SIGKILL it at that exact point.
 *
 *   reconcile-child.ts <data-dir | postgres://…> <file.csv> <apply batch size> <blockAt> [force]
 */
import { createReadStream } from 'node:fs';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import pino from 'pino';
import { createApp } from '../../src/app.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';

const [where, file, batchSize, blockAt, force] = process.argv.slice(2);

/**
 * Counts the statements that write `source_records` (one per apply batch) and stalls the `blockAt`-th before its
 * transaction commits.
 */
class BlockInBatch implements KyselyPlugin {
  #writes = new Set<unknown>();
  #seen = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as unknown as { kind: string; sqlFragments?: readonly string[] };
    if (node.kind === 'RawNode' && node.sqlFragments?.join('?').includes('insert into source_records'))
      this.#writes.add(args.queryId);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#writes.delete(args.queryId) && ++this.#seen === Number(blockAt)) {
      process.stdout.write(`BLOCKED ${this.#seen}\n`);
      setInterval(() => {}, 60_000);
      await new Promise(() => {});
    }
    return args.result;
  }
}

const database = await openDatabase(
  where.startsWith('postgres') ? { databaseUrl: where, poolSize: 2 } : { dataDir: where },
);
const db = database.db.withPlugin(new BlockInBatch());
const config = loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' });
const app = createApp({
  config,
  database: { ...database, db },
  clock: new ManualClock('2026-09-01T09:00:00Z'),
  logger: pino({ level: 'silent' }),
});
const summary = await app.snapshots.receiveSnapshot(systemActor('hr-feed'), 'hr', createReadStream(file), {
  format: 'csv',
  force: force === 'force',
  applyBatchSize: Number(batchSize),
  onProgress: (p) => {
    if (p.phase === 'applying') process.stdout.write(`APPLIED ${p.applied}\n`);
  },
});
process.stdout.write(`DONE ${summary.state}\n`);
await database.close();
