import type { Command } from 'commander';
import type { DiffPage, RecordOutcome, Review, Snapshot, SnapshotSummary } from '../../sources/snapshot-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { printJson, printTable } from '../output.ts';
import {
  ATTRIBUTE_PREFIX,
  CODE_SEPARATOR,
  REQUIRED_SNAPSHOT_COLUMNS,
  SNAPSHOT_COLUMNS,
} from '../../sources/snapshot-rows.ts';
import { uploadFile } from '../upload.ts';
import { setExitCode, writeOut } from '../io.ts';

/**
 * `steward sources snapshot <name> <file>` streams a full snapshot to the server (progress
 * bar of the bytes taken), and `steward snapshots …` is the held-snapshot flow: list, show
 * (counts, decision, errors by line), diff (each record and what the source said before),
 * release, discard. `steward sources reviews|resolve` settles near-matches.
 */
const n = (v: number | null) => (v === null ? '-' : v.toLocaleString('en-US'));

function printSnapshot(cmd: Command, s: Snapshot): void {
  if (wantsJson(cmd)) return printJson(s);
  const lines = [
    `snapshot ${s.id} of ${s.source} (${s.format}${s.dryRun ? ', dry run' : ''}): ${s.state.toUpperCase()}`,
    `  ${n(s.records)} record(s) read; ${n(s.added)} added, ${n(s.changed)} changed, ${n(s.removed)} removed, ${n(s.unchanged)} unchanged`,
    s.decision && `  ${s.decision}`,
    s.peopleCreated || s.reviews
      ? `  ${n(s.peopleCreated)} people created; ${n(s.reviews)} record(s) left for review (steward sources reviews)`
      : '',
    `  received ${s.receivedAt} by ${s.receivedBy}${s.decidedBy ? `; decided by ${s.decidedBy} ${s.decidedAt}` : ''}`,
  ];
  writeOut(`${lines.filter(Boolean).join('\n')}\n`);
  if (s.errorCount) {
    writeOut(`  errors on ${n(s.errorLines)} line(s):\n`);
    for (const e of s.errors) writeOut(`    line ${e.line}: ${e.field}: ${e.message} [${e.rule}]\n`);
    if (s.errorCount > s.errors.length) writeOut(`    … and ${n(s.errorCount - s.errors.length)} more\n`);
  }
  if (s.state === 'held')
    writeOut(
      `  see the changes: steward snapshots diff ${s.id}; then steward snapshots release ${s.id} or discard ${s.id}\n`,
    );
}

/** The columns a CSV snapshot takes, from the reader's own table (JSON lines use the same names in camelCase). */
const snapshotColumnsHelp = () => {
  const optional = SNAPSHOT_COLUMNS.filter((c) => !REQUIRED_SNAPSHOT_COLUMNS.includes(c));
  return [
    '',
    'CSV columns (a header row names them, in any order):',
    `  required: ${REQUIRED_SNAPSHOT_COLUMNS.join(', ')}`,
    `  optional: ${optional.join(', ')}`,
    `  ${ATTRIBUTE_PREFIX}<name>: an attribute (e.g. ${ATTRIBUTE_PREFIX}building); codes: several separated by "${CODE_SEPARATOR}"`,
    '  dates are YYYY-MM-DD; JSON lines use the same fields in camelCase (recordKey, orgCode, codes: [...], attributes: {...})',
  ].join('\n');
};

/** Adds `sources snapshot|reviews|resolve` and the `snapshots` group. */
export function registerSnapshots(program: Command): void {
  const sources =
    program.commands.find((c) => c.name() === 'sources') ?? program.command('sources').description('systems of record');

  sources
    .command('snapshot <name> <file>')
    .description(
      'deliver a full snapshot of a source (CSV, or JSON lines with --format jsonl); applied, held over the threshold or with errors, or only reported with --dry-run',
    )
    .option('--format <format>', 'csv or jsonl (default: from the file name, else csv)')
    .option('--dry-run', 'report the diff, apply nothing')
    .option('--force', "apply even over the source's threshold (never over row errors)")
    .addHelpText('after', snapshotColumnsHelp)
    .action(
      async (
        name: string,
        file: string,
        opts: { format?: string; dryRun?: boolean; force?: boolean },
        cmd: Command,
      ) => {
        const format = opts.format ?? (/\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv');
        if (format !== 'csv' && format !== 'jsonl') throw new Error(`--format must be csv or jsonl, not ${format}`);
        const { data: snapshot } = await uploadFile<Snapshot>(
          cmd,
          file,
          `/sources/${encodeURIComponent(name)}/snapshots`,
          {
            contentType: format === 'csv' ? 'text/csv' : 'application/x-ndjson',
            query: { format, dryRun: opts.dryRun ? true : undefined, force: opts.force ? true : undefined },
          },
        );
        printSnapshot(cmd, snapshot);
        if (snapshot.state === 'held') setExitCode(2);
      },
    );

  sources
    .command('reviews')
    .description('records waiting for an administrator to say who they belong to (near-matches)')
    .option('--source <name>')
    .option('--state <state>', 'open (default), matched, created or dismissed')
    .action(async (opts: { source?: string; state?: string }, cmd: Command) => {
      const reviews = await client(cmd).get<Review[]>('/sources/reviews', { source: opts.source, state: opts.state });
      if (wantsJson(cmd)) return printJson(reviews);
      printTable(
        reviews.map((r) => ({
          id: r.id,
          source: r.source,
          record: r.recordKey,
          name: [r.record.givenName, r.record.familyName].filter(Boolean).join(' '),
          reason: r.reason,
          candidates: r.candidates
            .map((c) => {
              const why = [
                c.similarity === null ? '' : `name ${c.similarity}`,
                ...c.matchedBy.map((m) => `${m.kind} ${m.value}`),
                c.birthDate ? `born ${c.birthDate}` : '',
              ]
                .filter(Boolean)
                .join(', ');
              return `${c.personId} ${c.name ?? ''}${why ? ` (${why})` : ''}`;
            })
            .join('; '),
        })),
      );
    });

  sources
    .command('resolve <review>')
    .description(
      'settle a review: the record belongs to --person <id>, to a new person (--create), or is not applied (--dismiss)',
    )
    .option('--person <id>', 'the person the record belongs to')
    .option('--create', 'create a new person from the record')
    .option('--dismiss', 'do not apply the record')
    .action(async (id: string, opts: { person?: string; create?: boolean; dismiss?: boolean }, cmd: Command) => {
      const chosen = [opts.person !== undefined, Boolean(opts.create), Boolean(opts.dismiss)].filter(Boolean).length;
      if (chosen !== 1) throw new Error('give exactly one of --person <id>, --create, --dismiss');
      const body =
        opts.person !== undefined
          ? { personId: Number(opts.person) }
          : opts.create
            ? { create: true }
            : { dismiss: true };
      const r = await client(cmd).post<Review>(`/sources/reviews/${encodeURIComponent(id)}/resolve`, body);
      if (wantsJson(cmd)) return printJson(r);
      writeOut(`review ${r.id} (${r.source} ${r.recordKey}): ${r.state}\n`);
    });

  sources
    .command('forget <name> <recordKey>')
    .description('a single-record update: the source no longer has this record (its affiliation ends yesterday)')
    .action(async (name: string, key: string, _opts, cmd: Command) => {
      const r = (
        await client(cmd).request<RecordOutcome>(
          `/sources/${encodeURIComponent(name)}/records/${encodeURIComponent(key)}`,
          { method: 'DELETE' },
        )
      ).data;
      if (wantsJson(cmd)) return printJson(r);
      writeOut(`${r.source} ${r.recordKey}: ${r.change} (person ${r.personId}, affiliation ${r.affiliationId})\n`);
    });

  const snapshots = program.command('snapshots').description("sources' snapshots: the held-snapshot flow");

  snapshots
    .command('list')
    .description('snapshots, newest first')
    .option('--source <name>')
    .option('--state <state>', 'receiving, held, applying, applied, discarded, dry-run or failed')
    .option('--limit <n>', 'how many (default 50)')
    .action(async (opts: { source?: string; state?: string; limit?: string }, cmd: Command) => {
      const all = await client(cmd).get<SnapshotSummary[]>('/snapshots', {
        source: opts.source,
        state: opts.state,
        limit: opts.limit,
      });
      if (wantsJson(cmd)) return printJson(all);
      printTable(
        all.map((s) => ({
          id: s.id,
          source: s.source,
          state: s.state,
          received: s.receivedAt.slice(0, 16).replace('T', ' '),
          records: s.records,
          added: s.added,
          changed: s.changed,
          removed: s.removed,
          errors: s.errorLines,
          reviews: s.reviews,
        })),
      );
    });

  snapshots
    .command('show <id>')
    .description('one snapshot: counts, the decision and why, errors by line')
    .action(async (id: string, _opts, cmd: Command) =>
      printSnapshot(cmd, await client(cmd).get<Snapshot>(`/snapshots/${encodeURIComponent(id)}`)),
    );

  snapshots
    .command('diff <id>')
    .description("a held snapshot's (or dry run's) changes: each record, and what the source said before")
    .option('--change <change>', 'added, changed or removed (default: all)')
    .option('--limit <n>', 'records per page (default 100)')
    .option('--after <recordKey>', 'go on after this record key (the "next" of the previous page)')
    .action(async (id: string, opts: { change?: string; limit?: string; after?: string }, cmd: Command) => {
      const page = await client(cmd).get<DiffPage>(`/snapshots/${encodeURIComponent(id)}/diff`, {
        change: opts.change,
        limit: opts.limit,
        after: opts.after,
      });
      if (wantsJson(cmd)) return printJson(page);
      for (const d of page.items) {
        writeOut(`${d.change.padEnd(8)} ${d.recordKey}${d.line ? ` (line ${d.line})` : ''}\n`);
        const before = (d.previous ?? {}) as Record<string, unknown>;
        const after = (d.record ?? {}) as Record<string, unknown>;
        for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
          const [b, a] = [JSON.stringify(before[key] ?? null), JSON.stringify(after[key] ?? null)];
          if (d.change === 'changed' && b === a) continue;
          writeOut(
            d.change === 'changed' ? `    ${key}: ${b} → ${a}\n` : `    ${key}: ${d.change === 'removed' ? b : a}\n`,
          );
        }
      }
      if (page.next)
        writeOut(
          `more: steward snapshots diff ${id}${opts.change ? ` --change ${opts.change}` : ''} --after ${page.next}\n`,
        );
    });

  snapshots
    .command('release <id>')
    .description('apply a held snapshot over its threshold (never one with row errors)')
    .action(async (id: string, _opts, cmd: Command) =>
      printSnapshot(cmd, await client(cmd).post<Snapshot>(`/snapshots/${encodeURIComponent(id)}/release`)),
    );

  snapshots
    .command('discard <id>')
    .description('discard a held snapshot: nothing of it is applied')
    .option('--reason <text>')
    .action(async (id: string, opts: { reason?: string }, cmd: Command) =>
      printSnapshot(
        cmd,
        await client(cmd).post<Snapshot>(
          `/snapshots/${encodeURIComponent(id)}/discard`,
          opts.reason ? { reason: opts.reason } : {},
        ),
      ),
    );
}
