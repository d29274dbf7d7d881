import { createReadStream, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { ImportReport } from '../../organisations/org-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { printJson } from '../output.ts';
import { out } from './org-format.ts';

/** The `import` command group, shared with other capabilities' importers. */
export function importCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('bulk imports from CSV files');
}

/**
 * `steward import orgs <file.csv>`: streams the file to the server, with a progress bar of
 * the bytes the server has taken, then prints the summary and every failed line. Exits 1
 * if any line (or the header) failed.
 */
export function registerImportOrgs(program: Command): void {
  importCommand(program)
    .command('orgs <file>')
    .description('create and update org units from CSV: code, parent_code, kind, name, abbreviation, alt_names, valid_from, valid_to, custom.<field>')
    .option('--dry-run', 'check the file and report what would change, writing nothing')
    .action(async (file: string, opts: { dryRun?: boolean }, cmd: Command) => {
      const size = statSync(file).size;
      const bar = new cliProgress.SingleBar({ format: 'uploading {bar} {percentage}% | {value}/{total} bytes', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
      bar.start(size, 0);
      let sent = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          sent += chunk.length;
          bar.update(sent);
          done(null, chunk);
        },
      });
      const body = Readable.toWeb(createReadStream(file).pipe(counter)) as ReadableStream<Uint8Array>;
      let report: ImportReport;
      try {
        report = (await client(cmd).request<ImportReport>('/imports/orgs', { method: 'POST', raw: body, headers: { 'content-type': 'text/csv' }, query: { dryRun: Boolean(opts.dryRun) } })).data;
      } finally {
        bar.stop();
      }
      if (wantsJson(cmd)) printJson(report);
      else {
        const what = `${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed`;
        out([report.dryRun ? `${what} (dry run: nothing was written)` : what, ...report.errors.map((e) => `  line ${e.line}  ${e.field}  ${e.rule}: ${e.message}`)]);
      }
      if (report.failed > 0 || report.errors.length > 0) process.exitCode = 1;
    });
}
