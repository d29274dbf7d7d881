import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Job } from '../../platform/jobs/job-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { cliIo, setExitCode, writeOut } from '../io.ts';
import { minuteUtc, printJson, printTable } from '../output.ts';

/**
 * `steward jobs list|show` follows the long jobs the server runs in the background (a people import, the status
 * recompute, a full sync started with wait=false, or with --job on their own commands); `show --follow` and --job
 * poll the job until it ends, with a progress bar on a terminal.
 */
const n = (v: number | null) => (v === null ? '?' : v.toLocaleString('en-US'));

function jobLines(j: Job): string[] {
  const counts = Object.entries(j.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(', ');
  return [
    `job ${j.id} (${j.kind}${j.subject ? ` of ${j.subject}` : ''}): ${j.state.toUpperCase()}`,
    `  progress    ${n(j.progress.done)} of ${n(j.progress.total)} ${j.progress.unit}`,
    ...(counts ? [`  counts      ${counts}`] : []),
    ...(j.failure ? [`  failure     ${j.failure}`] : []),
    `  started     ${minuteUtc(j.createdAt)} by ${j.startedBy}`,
    ...(j.finishedAt ? [`  finished    ${minuteUtc(j.finishedAt)}`] : []),
  ];
}

/** Prints a job (or its JSON); a failed job makes the exit code 1. */
export function printJob(cmd: Command, j: Job): void {
  if (j.state === 'failed') setExitCode(1);
  if (wantsJson(cmd)) return printJson(j);
  writeOut(`${jobLines(j).join('\n')}\n`);
}

/** Polls job `id` every `pollMs` until it has ended; a bar on a terminal shows done of total. Returns the last view. */
export async function followJob(cmd: Command, id: number, pollMs = 1000): Promise<Job> {
  const api = client(cmd);
  const showBar = cliIo().stderr.isTTY && !wantsJson(cmd);
  const bar = new cliProgress.SingleBar(
    { format: `job ${id} {bar} {value}/{total} {unit}`, stream: cliIo().stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    for (;;) {
      const job = await api.get<Job>(`/jobs/${id}`);
      if (showBar) {
        const total = job.progress.total ?? Math.max(job.progress.done, 1);
        if (!started) bar.start(total, job.progress.done, { unit: job.progress.unit });
        started = true;
        bar.setTotal(total);
        bar.update(job.progress.done);
      }
      if (job.state === 'succeeded' || job.state === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    if (started) bar.stop();
  }
}

/** Adds the `jobs` group. */
export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('long jobs run in the background: imports, recomputes, full syncs');
  jobs
    .command('list')
    .description('jobs, newest first (every job for administrators and auditors, your own otherwise)')
    .option('--kind <kind>', 'people-import, status-recompute or provision-sync')
    .option('--state <state>', 'queued, running, succeeded or failed')
    .option('--before <id>', 'older than this job')
    .option('--limit <n>', 'how many', '50')
    .action(async (opts: { kind?: string; state?: string; before?: string; limit: string }, cmd: Command) => {
      const list = await client(cmd).get<Job[]>('/jobs', {
        kind: opts.kind,
        state: opts.state,
        before: opts.before === undefined ? undefined : Number(opts.before),
        limit: Number(opts.limit),
      });
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((j) => ({
          id: j.id,
          kind: j.kind,
          subject: j.subject ?? '',
          state: j.state,
          progress: `${n(j.progress.done)}/${n(j.progress.total)} ${j.progress.unit}`,
          started: `${minuteUtc(j.createdAt)} ${j.startedBy}`,
        })),
      );
    });
  jobs
    .command('show <id>')
    .description('one job: state, progress, counts so far, why it failed')
    .option('--follow', 'poll until it ends, showing its progress')
    .option('--poll <ms>', 'how often --follow asks', '1000')
    .action(async (id: string, opts: { follow?: boolean; poll: string }, cmd: Command) => {
      const job = opts.follow
        ? await followJob(cmd, Number(id), Number(opts.poll))
        : await client(cmd).get<Job>(`/jobs/${Number(id)}`);
      printJob(cmd, job);
    });
}
