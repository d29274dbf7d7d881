import type { Command } from 'commander';
import type { Static } from 'typebox';
import type { Delivery, PassReport, QueueItem, SyncRun } from '../../provision/provision-schemas.ts';
import { client, collect, wantsJson } from '../context.ts';
import { setExitCode, writeErr } from '../io.ts';
import { minuteUtc, out, printJson, printTable } from '../output.ts';

/**
 * `steward provision run|release|errors|queue|retry|skip|sync|deliveries|replay`: operating a
 * target. A pass or sync that failed ends with exit code 1; one held over the threshold with
 * exit code 2 and says how to release it. Drift a sync finds (and fixes) is its job, not a failure.
 */
type Report = Static<typeof PassReport>;
type DeliveryView = Static<typeof Delivery>;
type ObjectType = 'person' | 'group' | 'role' | 'unit';

export const targetPath = (name: string) => `/provision/targets/${encodeURIComponent(name)}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const countsLine = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'nothing to do';
const releaseHint = (name: string) => `check what it would retire, then: steward provision release ${name}`;

function printReport(cmd: Command, r: Report): void {
  if (wantsJson(cmd)) printJson(r);
  else
    out([
      `pass of ${r.target}: ${r.held ? 'HELD' : r.error ? 'FAILED' : 'done'}`,
      `  queued      ${r.queued}`,
      `  accounts    ${countsLine(Object.fromEntries(Object.entries(r.accounts).filter(([, v]) => v > 0)))}`,
      `  OUs renamed ${r.renamedOus}`,
      `  deliveries  delivered ${r.deliveries.delivered}, failed ${r.deliveries.failed}, dead ${r.deliveries.dead}`,
      ...(r.held ? [`  held: ${releaseHint(r.target)}`] : []),
      ...(r.error ? [`  error: ${r.error}`] : []),
    ]);
  if (r.held) setExitCode(2);
  else if (r.error) setExitCode(1);
}

function printQueue(items: Static<typeof QueueItem>[], withState: boolean): void {
  printTable(
    items.map((i) => ({
      object: `${i.objectType} ${i.objectId}`,
      label: i.label ?? '',
      ...(withState ? { state: i.state } : {}),
      attempts: i.attempts,
      'next try': i.state === 'waiting' ? 'waits for you' : minuteUtc(i.nextAt),
      'last error': i.lastError ?? '',
    })),
  );
}

function printSync(cmd: Command, name: string, run: Static<typeof SyncRun>): void {
  if (wantsJson(cmd)) printJson(run);
  else {
    const what = run.kind === 'dry-run' ? 'dry run of a full sync' : 'full sync';
    out([`${what} of ${name} (run ${run.id}): ${run.state}`]);
    if (run.fixes.length) printTable(run.fixes.map((f) => ({ action: f.action, dn: f.dn, detail: f.detail })));
    out([`  ${countsLine(run.counts)}`]);
    if (run.state === 'held')
      out([`  held: it would retire more accounts than the target allows; nothing was written. ${releaseHint(name)}`]);
  }
  if (run.state === 'failed') {
    writeErr(
      `${run.kind === 'dry-run' ? 'dry run' : 'full sync'} of ${name} failed: ${run.error ?? 'unknown error'}\n`,
    );
    setExitCode(1);
  } else if (run.state === 'held') setExitCode(2);
}

interface ObjectFlags {
  person?: string[];
  group?: string[];
  role?: string[];
  unit?: string[];
}

function objectsOf(opts: ObjectFlags): { objectType: ObjectType; objectId: number }[] {
  const kinds: ObjectType[] = ['person', 'group', 'role', 'unit'];
  return kinds.flatMap((objectType) =>
    (opts[objectType] ?? []).map((id) => {
      if (!/^\d+$/.test(id)) throw new Error(`--${objectType} takes an id (a whole number), not ${id}`);
      return { objectType, objectId: Number(id) };
    }),
  );
}

function objectOptions(command: Command): Command {
  return command
    .option('--person <id>', 'a person (repeatable)', collect)
    .option('--group <id>', 'a group (repeatable)', collect)
    .option('--role <id>', 'a role (repeatable)', collect)
    .option('--unit <id>', 'an org unit (repeatable)', collect);
}

function registerSettle(provision: Command): void {
  objectOptions(
    provision.command('retry <name>').description('try objects again now (--all: every object that failed)'),
  )
    .option('--all', 'every object that failed')
    .action(async (name: string, opts: ObjectFlags & { all?: boolean }, cmd: Command) => {
      const objects = objectsOf(opts);
      if (objects.length === 0 && !opts.all) throw new Error('name the objects (--person, --group, --unit) or --all');
      if (objects.length > 0 && opts.all) throw new Error('give objects or --all, not both');
      const r = await client(cmd).post<{ affected: number }>(`${targetPath(name)}/retry`, opts.all ? {} : { objects });
      if (wantsJson(cmd)) printJson(r);
      else out([`${plural(r.affected, 'object')} queued to be tried again now`]);
    });

  objectOptions(
    provision.command('skip <name>').description('drop objects from the queue until their next change'),
  ).action(async (name: string, opts: ObjectFlags, cmd: Command) => {
    const objects = objectsOf(opts);
    if (objects.length === 0) throw new Error('name the objects to skip (--person, --group, --unit)');
    const r = await client(cmd).post<{ affected: number }>(`${targetPath(name)}/skip`, { objects });
    if (wantsJson(cmd)) printJson(r);
    else out([`${plural(r.affected, 'object')} skipped until their next change`]);
  });
}

function registerDeliveries(provision: Command): void {
  provision
    .command('deliveries <name>')
    .description("a webhook target's deliveries, oldest first")
    .option('--state <state>', 'pending, delivered or dead')
    .option('--after <id>', 'only deliveries after this id')
    .option('--limit <n>', 'at most this many (default 100)')
    .action(async (name: string, opts: { state?: string; after?: string; limit?: string }, cmd: Command) => {
      const list = await client(cmd).get<DeliveryView[]>(`${targetPath(name)}/deliveries`, {
        state: opts.state,
        after: opts.after,
        limit: opts.limit,
      });
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((d) => ({
          id: d.id,
          event: d.type,
          subject: d.subject,
          state: d.state,
          attempts: d.attempts,
          'next try': d.state === 'pending' ? minuteUtc(d.nextAt) : '',
          delivered: d.deliveredAt ? minuteUtc(d.deliveredAt) : '',
          'last error': d.lastError ?? '',
        })),
      );
    });

  provision
    .command('replay <name>')
    .description('deliver dead-lettered events again (every dead one, or those named by --id)')
    .option('--id <id>', 'a delivery id (repeatable)', collect)
    .action(async (name: string, opts: { id?: string[] }, cmd: Command) => {
      const ids = (opts.id ?? []).map(Number);
      if (ids.some((i) => !Number.isInteger(i) || i < 1)) throw new Error('--id takes a delivery id (a whole number)');
      const r = await client(cmd).post<{ affected: number }>(`${targetPath(name)}/replay`, ids.length ? { ids } : {});
      if (wantsJson(cmd)) printJson(r);
      else out([`${plural(r.affected, 'delivery', 'deliveries')} queued to be delivered again`]);
    });
}

/** Adds the operations to `steward provision`. */
export function registerProvisionOps(provision: Command): void {
  provision
    .command('run <name>')
    .description('run a pass of the target now and print what it did')
    .action(async (name: string, _opts, cmd: Command) => {
      printReport(cmd, await client(cmd).post<Report>(`${targetPath(name)}/run`));
    });

  provision
    .command('release <name>')
    .description('release a held mass change, then run a pass')
    .action(async (name: string, _opts, cmd: Command) => {
      printReport(cmd, await client(cmd).post<Report>(`${targetPath(name)}/release`));
    });

  provision
    .command('errors <name>')
    .description('the error queue: objects whose last try failed')
    .action(async (name: string, _opts, cmd: Command) => {
      const items = await client(cmd).get<Static<typeof QueueItem>[]>(`${targetPath(name)}/queue`, {
        state: 'errors',
      });
      if (wantsJson(cmd)) return printJson(items);
      printQueue(items, false);
    });

  provision
    .command('queue <name>')
    .description('objects waiting to be brought in step')
    .option('--state <state>', 'pending, retrying, waiting or errors')
    .action(async (name: string, opts: { state?: string }, cmd: Command) => {
      const items = await client(cmd).get<Static<typeof QueueItem>[]>(`${targetPath(name)}/queue`, {
        state: opts.state,
      });
      if (wantsJson(cmd)) return printJson(items);
      printQueue(items, true);
    });

  registerSettle(provision);

  provision
    .command('sync <name>')
    .description('full sync of an LDAP target: read the directory, fix drift and print each fix')
    .option('--dry-run', 'list the fixes, make none')
    .action(async (name: string, opts: { dryRun?: boolean }, cmd: Command) => {
      const run = await client(cmd).post<Static<typeof SyncRun>>(`${targetPath(name)}/sync`, {
        dryRun: opts.dryRun === true,
      });
      printSync(cmd, name, run);
    });

  registerDeliveries(provision);
}
