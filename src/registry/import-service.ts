import type { Readable } from 'node:stream';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { invalid, StewardError } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { csvParseRecords } from './csv-stream.ts';
import { applyPlan, StalePlan } from './import-apply.ts';
import { type BatchPlan, type OrgRef, planBatch } from './import-plan.ts';
import { type Header, type ImportRow, isSourceName, readHeader, readRow, type RowError } from './import-rows.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Importing people from a CSV stream (HTTP upload, CLI, benchmark) in bounded memory:
 * rows are parsed as they arrive and applied in batches, each batch one transaction with
 * its audit rows and change-log entries. People are matched by (source, source_key), then
 * by ID number or username. Bad rows are reported by line, column and rule and skipped;
 * valid rows are applied. Re-running a file changes nothing; re-running a killed import
 * finishes it, because every committed batch is found unchanged.
 */
export interface ImportOptions {
  /** Source (system of record) for rows without a `source` column, e.g. "hr". */
  source?: string | null;
  /** Plan and report, write nothing. */
  dryRun?: boolean;
  /** Rows per transaction (default 2,000). */
  batchSize?: number;
  /** Errors listed in the summary (default 1,000); `errorCount` counts them all. */
  errorLimit?: number;
  /** Called (and awaited) after each batch with the rows read so far and the counts so far. */
  onProgress?: (rows: number, summary: ImportSummary) => unknown;
}

export interface ImportSummary {
  source: string | null;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: RowError[];
  errorCount: number;
}

const MAX_REPLANS = 3;

/** The importer use case; `importPeople` takes any byte stream (HTTP body, file stream, iterable of chunks). */
export function createImportService(deps: ServiceDeps) {
  const { db, clock } = deps;

  // Long by design: the stream loop that overlaps planning and writing; issue 19 splits the import pipeline
  // eslint-disable-next-line max-statements -- long by design, as said above
  async function importPeople(
    actor: Actor,
    input: Readable | AsyncIterable<string | Buffer>,
    options: ImportOptions = {},
  ): Promise<ImportSummary> {
    authorise(actor, 'imports:run');
    const source = options.source?.trim() || null;
    if (source && !isSourceName(source))
      throw invalid('/source', 'pattern', 'must be lowercase letters, digits, dots, dashes or underscores');
    const today = isoDate(clock.now());
    const batchSize = Math.max(1, options.batchSize ?? 2000);
    const errorLimit = options.errorLimit ?? 1000;
    const summary: ImportSummary = {
      source,
      dryRun: Boolean(options.dryRun),
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed: 0,
      errors: [],
      errorCount: 0,
    };
    const failedLines = new Set<number>();
    const report = (errors: RowError[]) => {
      for (const e of errors) {
        summary.errorCount += 1;
        if (summary.errors.length < errorLimit) summary.errors.push(e);
        if (e.line > 1) failedLines.add(e.line);
      }
    };
    const orgs = new Map<string, OrgRef | null>();
    const seenKeys = new Map<string, number>();
    let header: Header | null = null;
    let batch: ImportRow[] = [];

    /** Writes a planned batch (planning it again if the registry moved meanwhile) and counts the outcome. */
    const apply = async (rows: ImportRow[], has: Header['has'], firstPlan: BatchPlan, rowsRead: number) => {
      let plan = firstPlan;
      for (let attempt = 1; ; attempt += 1) {
        try {
          if (!summary.dryRun && plan.people.length) {
            const done = await write(deps, actor, (uow) => applyPlan(uow, plan.people));
            summary.created += done.created;
            summary.updated += done.updated;
          } else {
            for (const p of plan.people) summary[p.before ? 'updated' : 'created'] += 1;
          }
          summary.unchanged += plan.unchanged;
          report(plan.errors);
          break;
        } catch (e) {
          if (!(e instanceof StalePlan)) throw e;
          if (attempt >= MAX_REPLANS) {
            report(
              rows.map((r) => ({
                line: r.line,
                field: 'row',
                rule: 'concurrent-change',
                message: 'the registry kept changing while this batch was applied; run the import again',
              })),
            );
            break;
          }
          plan = await planBatch(db, rows, has, orgs, today);
        }
      }
      summary.failed = failedLines.size;
      await options.onProgress?.(rowsRead, summary);
    };

    // One batch is written while the next is read, checked and planned: the database and
    // the parser work at the same time. A plan made before the previous batch committed
    // that no longer fits is caught when it is applied (StalePlan) and made again.
    let inFlight: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (!header || batch.length === 0) return;
      const rows = batch;
      batch = [];
      const plan = await planBatch(db, rows, header.has, orgs, today);
      await inFlight;
      inFlight = apply(rows, header.has, plan, summary.rows);
      inFlight.catch(() => {});
    };
    const finish = async () => {
      await flush();
      await inFlight;
    };

    try {
      for await (const { record, line } of csvParseRecords(input)) {
        if (!header) {
          const h = readHeader(record, source);
          if (!h.header)
            throw new StewardError(
              'validation',
              `the CSV header is not usable: ${h.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
              { problems: h.errors.map((e) => ({ field: `line 1: ${e.field}`, rule: e.rule, message: e.message })) },
            );
          header = h.header;
          continue;
        }
        summary.rows += 1;
        const { row, errors } = readRow(header, record, line, source, today);
        if (!row) {
          report(errors);
          continue;
        }
        const k = `${row.source}\u0000${row.sourceKey}`;
        const first = seenKeys.get(k);
        if (first !== undefined) {
          report([
            {
              line,
              field: 'source_key',
              rule: 'duplicate-key',
              message: `${row.sourceKey} already appears on line ${first}`,
            },
          ]);
          continue;
        }
        seenKeys.set(k, line);
        batch.push(row);
        if (batch.length >= batchSize) await flush();
      }
    } catch (e) {
      const err = e as Error & { code?: string; lines?: number };
      if (e instanceof StewardError || !err.code?.startsWith('CSV_')) {
        // What was already handed to the database finishes (or fails) before the error is reported.
        await inFlight.catch(() => {});
        throw e;
      }
      await finish();
      report([
        {
          line: err.lines ?? summary.rows + 1,
          field: 'row',
          rule: 'csv-syntax',
          message: `${err.message}; the rest of the file was not read`,
        },
      ]);
      summary.failed = failedLines.size;
      return summary;
    }
    if (!header) throw invalid('/', 'required', 'the file is empty; it needs a header line and rows');
    await finish();
    summary.failed = failedLines.size;
    return summary;
  }

  return { importPeople };
}
