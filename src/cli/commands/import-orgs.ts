import type { Command } from 'commander';
import type { ImportReport } from '../../organisations/org-schemas.ts';
import { wantsJson } from '../context.ts';
import { uploadFile } from '../upload.ts';
import { out, printJson } from '../output.ts';
import { setExitCode } from '../io.ts';

/** The `import` command group, shared with other capabilities' importers. */
export function importCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'import') ??
    program.command('import').description('bulk imports from CSV files')
  );
}

/**
 * `steward import orgs <file.csv>`: streams the file to the server, with a progress bar of
 * the bytes the server has taken, then prints the summary and every failed line. Exits 1
 * if any line (or the header) failed.
 */
export function registerImportOrgs(program: Command): void {
  importCommand(program)
    .command('orgs <file>')
    .description(
      'create and update org units from CSV: code, parent_code, kind, name, abbreviation, alt_names, valid_from, valid_to, custom.<field>',
    )
    .option('--dry-run', 'check the file and report what would change, writing nothing')
    .action(async (file: string, opts: { dryRun?: boolean }, cmd: Command) => {
      const { data: report } = await uploadFile<ImportReport>(cmd, file, '/imports/orgs', {
        contentType: 'text/csv',
        query: { dryRun: Boolean(opts.dryRun) },
      });
      if (wantsJson(cmd)) printJson(report);
      else {
        const what = `${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.failed} failed`;
        out([
          report.dryRun ? `${what} (dry run: nothing was written)` : what,
          ...report.errors.map((e) => `  line ${e.line}  ${e.field}  ${e.rule}: ${e.message}`),
        ]);
      }
      if (report.failed > 0 || report.errors.length > 0) setExitCode(1);
    });
}
