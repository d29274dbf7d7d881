import type { Command } from 'commander';
import { wantsJson } from '../context.ts';
import { uploadFile } from '../upload.ts';
import { importCommand } from './import-orgs.ts';
import { printJson } from '../output.ts';
import { setExitCode, writeErr, writeOut } from '../io.ts';
import type { Job } from '../../platform/jobs/job-schemas.ts';
import { followJob, printJob } from './jobs.ts';

/**
 * `steward import people <file.csv>`: streams the file to the server, which applies it in
 * batches as it reads; the bar shows the bytes the server has taken so far.
 */
interface Summary {
  source: string | null;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { line: number; field: string; rule: string; message: string }[];
  errorCount: number;
}

/** Adds `import people` under the shared `import` command. */
export function registerImportPeople(program: Command): void {
  importCommand(program)
    .command('people <file>')
    .description(
      'import people from CSV (columns: source_key, family_name required; given_name, middle_name, preferred_name, birth_date, email, phone, id_number, username, org_code, affiliation_kind, title, source)',
    )
    .option('--source <name>', 'the system of record the file comes from, e.g. hr (or a source column)')
    .option('--dry-run', 'report what would change and write nothing')
    .option('--job', 'run it as a job on the server once the file is sent, and follow its progress (steward jobs show)')
    .action(async (file: string, opts: { source?: string; dryRun?: boolean; job?: boolean }, cmd: Command) => {
      const query = { source: opts.source, dryRun: opts.dryRun ? true : undefined, wait: opts.job ? false : undefined };
      const { data, sent, total } = await uploadFile<Summary | Job>(cmd, file, '/imports/people', {
        contentType: 'text/csv',
        query,
      });
      writeErr(`sent ${sent} of ${total} bytes\n`);
      let summary = data as Summary;
      if (opts.job) {
        const job = await followJob(cmd, (data as Job).id);
        if (job.state === 'failed') return printJob(cmd, job);
        summary = job.result as Summary;
      }
      if (wantsJson(cmd)) printJson(summary);
      else {
        writeOut(
          `${summary.dryRun ? 'DRY RUN (nothing written): ' : ''}${summary.rows} rows: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed\n`,
        );
        for (const e of summary.errors) writeOut(`  line ${e.line}: ${e.field}: ${e.message} [${e.rule}]\n`);
        if (summary.errorCount > summary.errors.length)
          writeOut(`  … and ${summary.errorCount - summary.errors.length} more problems\n`);
      }
      if (summary.failed > 0) setExitCode(1);
    });
}
