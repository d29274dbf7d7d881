import type { Command } from 'commander';
import type { RunReport, ScheduledJob } from '../../platform/schedule/schedule-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { minuteUtc, out, printJson, printTable } from '../output.ts';
import { setExitCode, writeErr } from '../io.ts';

/** `steward schedule …`: list scheduled jobs, change a job's schedule, run one now. */
function jobLines(j: ScheduledJob): string[] {
  return [
    `${j.name} (version ${j.version})${j.enabled ? '' : '  DISABLED'}`,
    `  ${j.description}`,
    `  schedule    ${j.cron} (${j.timeZone})`,
    `  next run    ${minuteUtc(j.nextRunAt)}`,
    `  last run    ${j.lastOutcome ? `${j.lastOutcome} at ${minuteUtc(j.lastFinishedAt)}${j.lastError ? `: ${j.lastError}` : ''}` : 'never'}`,
    ...(j.failures ? [`  failures    ${j.failures} in a row (retried with a growing pause)`] : []),
    ...(j.lastSummary ? [`  summary     ${JSON.stringify(j.lastSummary)}`] : []),
  ];
}

export function registerSchedule(program: Command): void {
  const schedule = program
    .command('schedule')
    .description('scheduled jobs: the periodic status recompute, feed generation');

  schedule
    .command('list')
    .description('every scheduled job with its schedule, next run and last outcome')
    .action(async (_opts: unknown, cmd: Command) => {
      const jobs = await client(cmd).get<ScheduledJob[]>('/schedule');
      if (wantsJson(cmd)) return printJson(jobs);
      printTable(
        jobs.map((j) => ({
          job: j.name,
          schedule: `${j.cron} ${j.timeZone}`,
          enabled: j.enabled ? 'yes' : 'no',
          next: minuteUtc(j.nextRunAt),
          last: j.lastOutcome ?? 'never',
          finished: minuteUtc(j.lastFinishedAt),
        })),
      );
    });

  schedule
    .command('show <job>')
    .description('one job in full')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const job = await client(cmd).get<ScheduledJob>(`/schedule/${encodeURIComponent(name)}`);
      if (wantsJson(cmd)) printJson(job);
      else out(jobLines(job));
    });

  schedule
    .command('set <job>')
    .description("change a job's schedule (five-field cron: minute hour day month weekday)")
    .option('--cron <expression>', 'e.g. "30 2 * * *" for 02:30 every day')
    .option('--time-zone <zone>', 'IANA zone the expression is read in, e.g. Europe/Helsinki')
    .option('--enable', 'run it on schedule')
    .option('--disable', 'stop running it on schedule (it can still be run by hand)')
    .action(
      async (
        name: string,
        opts: { cron?: string; timeZone?: string; enable?: boolean; disable?: boolean },
        cmd: Command,
      ) => {
        if (opts.enable && opts.disable) throw new Error('give --enable or --disable, not both');
        const body = {
          cron: opts.cron,
          timeZone: opts.timeZone,
          enabled: opts.enable ? true : opts.disable ? false : undefined,
        };
        if (Object.values(body).every((v) => v === undefined))
          throw new Error('nothing to change: give --cron, --time-zone, --enable or --disable');
        const job = await client(cmd).patch<ScheduledJob>(`/schedule/${encodeURIComponent(name)}`, body, 'PUT');
        if (wantsJson(cmd)) printJson(job);
        else out(jobLines(job));
      },
    );

  schedule
    .command('run <job>')
    .description('run a job now, whatever its schedule, and wait for it')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      writeErr(`running ${name}…\n`);
      const report = await client(cmd).post<RunReport>(`/schedule/${encodeURIComponent(name)}/runs`);
      if (wantsJson(cmd)) printJson(report);
      else
        out([
          `${report.job}: ${report.outcome}${report.error ? ` — ${report.error}` : ''}`,
          ...(report.summary ? [`  ${JSON.stringify(report.summary)}`] : []),
        ]);
      if (report.outcome === 'failed') setExitCode(1);
    });
}
