import { reportUnapplied } from './held-changes.ts';
import type { Command } from 'commander';
import type {
  HoldersPage,
  PersonStatuses,
  RecomputeResult,
  RefreshResult,
  StatusEntry,
  StatusSettings,
  StatusType,
  StatusTypeBody,
} from '../../status/status-schemas.ts';
import type { ApiClient } from '../api-client.ts';
import { client, collect, etagOf, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';
import { cliIo } from '../io.ts';
import type { Job } from '../../platform/jobs/job-schemas.ts';
import { followJob, printJob } from './jobs.ts';

/**
 * `steward status …`: status types (list, show, add, update, delete), a person's statuses,
 * refreshing one person, the full recompute with a progress bar, who holds a status on a
 * day, and the look-ahead window.
 */

/** A status type's id from its id or its name (ignoring case). */
export async function resolveType(api: ApiClient, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) return Number(ref);
  const found = (await api.get<StatusType[]>('/status-types')).find(
    (s) => s.name.toLowerCase() === ref.trim().toLowerCase(),
  );
  if (!found) throw new Error(`no status type is called ${ref}; see: steward status types list`);
  return found.id;
}

/** A person's id from their id or any identifier value (ID number, username, email, source key). */
export async function resolvePerson(api: ApiClient, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) return Number(ref);
  const matches = await api.get<{ personId: number }[]>('/identifiers', { value: ref });
  const ids = [...new Set(matches.map((m) => m.personId))];
  if (ids.length === 0) throw new Error(`no identifier has the value ${ref}; try: steward people search ${ref}`);
  if (ids.length > 1) throw new Error(`${ref} identifies several people (${ids.join(', ')}); give a person id`);
  return ids[0];
}

function matchText(m: StatusType['match']): string {
  const parts: string[] = [];
  if (m.sources) parts.push(`source ${m.sources.join('|')}`);
  if (m.kinds) parts.push(`kind ${m.kinds.join('|')}`);
  if (m.codes) parts.push(`code ${m.codes.join('|')}`);
  if (m.orgPath) parts.push(`under ${m.orgPath}`);
  for (const [k, v] of Object.entries(m.attributes ?? {})) parts.push(`${k}=${Array.isArray(v) ? v.join('|') : v}`);
  return parts.join(', ');
}

function typeLines(s: StatusType): string[] {
  return [
    `${s.name} (status type ${s.id}, version ${s.version})`,
    `  rank        ${s.rank}`,
    `  category    ${s.category}`,
    `  card        ${s.cardLabel ?? '(no card)'}`,
    `  directory   ${s.directory}`,
    `  matches     ${matchText(s.match)}`,
    `  holders     ${s.holders} today`,
    ...(s.description ? [`  ${s.description}`] : []),
  ];
}

const span = (e: Pick<StatusEntry, 'start' | 'end'>) => `${e.start ?? '…'} – ${e.end ?? '…'}`;
const why = (e: StatusEntry) =>
  e.because.map((b) => `${b.source} ${b.kind} in ${b.orgCode} (affiliation ${b.affiliationId})`).join('; ');
const bridge = (e: StatusEntry) =>
  e.bridgedTo
    ? `  → carried on to ${e.bridgedTo.name ?? e.bridgedTo.statusTypeId} from ${e.bridgedTo.start} (its own end was ${e.bridgedTo.originalEnd})`
    : '';

/** A person's statuses as readable lines. */
export function statusLines(name: string, s: PersonStatuses): string[] {
  const lines = [`${name} (person ${s.personId}) on ${s.today}`];
  lines.push(
    `  primary     ${s.primary ? `${s.primary.name} (rank ${s.primary.rank}, ${s.primary.category})${s.primary.cardLabel ? `, card "${s.primary.cardLabel}"` : ''}` : 'none'}`,
  );
  for (const e of s.held) lines.push(`  holds       ${e.name}  ${span(e)}  because ${why(e)}${bridge(e)}`);
  for (const e of s.pending) lines.push(`  pending     ${e.name}  from ${e.start}  because ${why(e)}`);
  if (s.lastBefore)
    lines.push(`  before it ended: ${s.lastBefore.name} (ended ${s.lastBefore.end})${bridge(s.lastBefore)}`);
  lines.push('  history');
  if (s.history.length === 0) lines.push('    none');
  for (const e of s.history) lines.push(`    ${e.name.padEnd(28)} ${span(e)}${bridge(e)}`);
  return lines;
}

interface TypeFlags {
  name?: string;
  rank?: string;
  category?: string;
  cardLabel?: string;
  directory?: string;
  description?: string;
  source?: string[];
  kind?: string[];
  code?: string[];
  orgPath?: string;
  attr?: string[];
  match?: string;
}

function typeOptions(cmd: Command): Command {
  return cmd
    .option('--rank <n>', 'higher wins: the highest-ranked status held is the primary one')
    .option('--category <name>', "statuses of one category bridge each other's gaps (e.g. employee, student)")
    .option('--card-label <text>', 'what the ID card says ("" for no card)')
    .option('--directory <flag>', 'Y in the directory, N not, O optional (in), P optional (out)')
    .option('--description <text>')
    .option('--source <name>', 'match affiliations from this source (repeatable)', collect)
    .option('--kind <kind>', 'match affiliations of this kind (repeatable)', collect)
    .option('--code <code>', 'match a classification code, E% for a prefix (repeatable)', collect)
    .option('--org-path <path>', 'match affiliations in this org subtree, e.g. /1/4/')
    .option('--attr <name=value>', 'match an attribute value (repeatable; repeat a name for alternatives)', collect)
    .option('--match <json>', 'the whole match as JSON (replaces the match flags)');
}

/** The body of a status type: `base` (the current one, for update) overlaid with the flags given. */
function typeBody(base: StatusTypeBody | null, o: TypeFlags): StatusTypeBody {
  const match: StatusTypeBody['match'] = o.match ? JSON.parse(o.match) : { ...(base?.match ?? {}) };
  if (!o.match) {
    if (o.source) match.sources = o.source;
    if (o.kind) match.kinds = o.kind;
    if (o.code) match.codes = o.code;
    if (o.orgPath !== undefined) match.orgPath = o.orgPath;
    if (o.attr) {
      const attributes: Record<string, string[]> = {};
      for (const pair of o.attr) {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`--attr ${pair}: write it as name=value`);
        (attributes[pair.slice(0, at)] ??= []).push(pair.slice(at + 1));
      }
      match.attributes = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
    }
  }
  const rank = o.rank === undefined ? base?.rank : Number(o.rank);
  if (rank === undefined || Number.isNaN(rank)) throw new Error('--rank is required (a whole number)');
  const category = o.category ?? base?.category;
  if (!category) throw new Error('--category is required');
  return {
    name: o.name ?? base!.name,
    rank,
    category,
    cardLabel: o.cardLabel === undefined ? (base?.cardLabel ?? null) : o.cardLabel === '' ? null : o.cardLabel,
    directory: (o.directory ?? base?.directory ?? 'N') as StatusTypeBody['directory'],
    description: o.description ?? base?.description ?? '',
    match,
  };
}

function registerTypes(status: Command): void {
  const types = status.command('types').description('status types: what each status is and which affiliations give it');
  types
    .command('list')
    .description('every status type, highest rank first, with how many hold it today')
    .action(async (_opts, cmd: Command) => {
      const list = await client(cmd).get<StatusType[]>('/status-types');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((s) => ({
          id: s.id,
          name: s.name,
          rank: s.rank,
          category: s.category,
          card: s.cardLabel,
          dir: s.directory,
          holders: s.holders,
          matches: matchText(s.match),
        })),
      );
    });
  types
    .command('show <type>')
    .description('one status type, by id or name')
    .action(async (ref: string, _opts, cmd: Command) => {
      const api = client(cmd);
      const s = await api.get<StatusType>(`/status-types/${await resolveType(api, ref)}`);
      if (wantsJson(cmd)) printJson(s);
      else out(typeLines(s));
    });
  typeOptions(
    types
      .command('add <name>')
      .description('add a status type (people get it on their next refresh, or run: steward status recompute)'),
  ).action(async (name: string, opts: TypeFlags, cmd: Command) => {
    const s = await client(cmd).post<StatusType>('/status-types', typeBody(null, { ...opts, name }));
    if (wantsJson(cmd)) printJson(s);
    else out([...typeLines(s), 'run `steward status recompute` to give it to everyone it matches now']);
  });
  typeOptions(
    types
      .command('update <type>')
      .description('change a status type (safe against concurrent edits); flags not given stay as they are'),
  )
    .option('--name <name>', 'rename it')
    .option('--dry-run', 'only show who would gain and lose the status; change nothing')
    .action(async (ref: string, opts: TypeFlags & { dryRun?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const path = `/status-types/${await resolveType(api, ref)}`;
      const current = await api.request<StatusType>(path);
      const saved = await api.request<StatusType>(path, {
        method: 'PUT',
        body: typeBody(current.data, opts),
        headers: { 'if-match': current.headers.get('etag') ?? '' },
        query: { dryRun: opts.dryRun || undefined },
      });
      if (reportUnapplied(cmd, saved.data)) return;
      if (wantsJson(cmd)) printJson(saved.data);
      else out([...typeLines(saved.data), "everyone's statuses follow a change of match, rank or category at once"]);
    });
  types
    .command('delete <type>')
    .description('delete a status type nobody holds or held')
    .action(async (ref: string, _opts, cmd: Command) => {
      const api = client(cmd);
      const id = await resolveType(api, ref);
      await api.delete(`/status-types/${id}`);
      out([`deleted status type ${id}`]);
    });
}

interface RecomputeFlags {
  batchSize: string;
  chunk: string;
  after?: string;
  job?: boolean;
  dryRun?: boolean;
}

/** `status recompute --job`: one job on the server, followed until it ends. */
async function recomputeAsJob(cmd: Command, batchSize: number, after: string | undefined): Promise<void> {
  const started = await client(cmd).request<Job>('/statuses/recompute', {
    method: 'POST',
    query: { wait: false },
    body: { batchSize, ...(after === undefined ? {} : { afterPersonId: Number(after) }) },
  });
  if (reportUnapplied(cmd, started.data)) return;
  const job = await followJob(cmd, started.data.id);
  if (job.state === 'failed' || wantsJson(cmd)) return printJob(cmd, job);
  const c = job.counts;
  out([
    `job ${job.id}: ${c.people ?? 0} people: ${c.opened ?? 0} statuses opened, ${c.updated ?? 0} updated, ${c.closed ?? 0} closed, ${c.deleted ?? 0} deleted`,
  ]);
}

export function registerStatus(program: Command): void {
  const status = program.command('status').description("ranked status: status types, people's statuses, recompute");
  registerTypes(status);

  status
    .command('show <person>')
    .description(
      "a person's statuses (by id or any identifier): primary, held, pending, history with bridges, and the last one that ended",
    )
    .action(async (ref: string, _opts, cmd: Command) => {
      const api = client(cmd);
      const id = await resolvePerson(api, ref);
      const s = await api.get<PersonStatuses>(`/people/${id}/statuses`);
      if (wantsJson(cmd)) return printJson(s);
      const person = await api.get<{ displayName: string }>(`/people/${id}`);
      out(statusLines(person.displayName, s));
    });

  status
    .command('refresh <person>')
    .description("bring a person's statuses up to date with their affiliations now")
    .action(async (ref: string, _opts, cmd: Command) => {
      const api = client(cmd);
      const id = await resolvePerson(api, ref);
      const r = await api.post<RefreshResult>(`/people/${id}/statuses/refresh`);
      if (wantsJson(cmd)) return printJson(r);
      const c = r.counts;
      out([
        `refreshed person ${id}: ${c.opened} opened, ${c.updated} updated, ${c.closed} closed, ${c.deleted} deleted`,
      ]);
    });

  status
    .command('recompute')
    .description(
      "recompute everyone's statuses from their affiliations (in batches; safe to re-run; a second run changes nothing)",
    )
    .option('--batch-size <n>', 'people per transaction', '1000')
    .option('--chunk <n>', 'people per request (the progress bar moves per request)', '10000')
    .option('--after <personId>', 'start after this person id (to finish a run that was cut short)')
    .option('--job', 'run it as one job on the server and follow its progress (steward jobs show)')
    .option('--dry-run', 'only show who would gain and lose which status; change nothing')
    .action(async (opts: RecomputeFlags, cmd: Command) => {
      const api = client(cmd);
      if (opts.dryRun) {
        const body = {
          batchSize: Number(opts.batchSize),
          ...(opts.after ? { afterPersonId: Number(opts.after) } : {}),
        };
        const dry = await api.request('/statuses/recompute', { method: 'POST', query: { dryRun: true }, body });
        reportUnapplied(cmd, dry.data);
        return;
      }
      if (opts.job) return recomputeAsJob(cmd, Number(opts.batchSize), opts.after);
      const { default: cliProgress } = await import('cli-progress'); // loaded by the commands that show a bar
      const showBar = cliIo().stderr.isTTY && !wantsJson(cmd);
      const bar = new cliProgress.SingleBar(
        {
          format: 'recomputing {bar} {percentage}% | {value}/{total} people | {eta_formatted} left',
          stream: cliIo().stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      const sum = { people: 0, opened: 0, updated: 0, closed: 0, deleted: 0 };
      let after = opts.after === undefined ? undefined : Number(opts.after);
      let last: RecomputeResult | undefined;
      const started = performance.now();
      try {
        for (;;) {
          last = await api.post<RecomputeResult>('/statuses/recompute', {
            batchSize: Number(opts.batchSize),
            maxPeople: Number(opts.chunk),
            ...(after === undefined ? {} : { afterPersonId: after }),
          });
          // Over the mass-change threshold this slice is held with its preview: say so and stop.
          if (reportUnapplied(cmd, last)) return;
          for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += last[k];
          if (showBar) {
            if (bar.getTotal() !== last.total) bar.start(last.total, last.done);
            bar.update(last.done);
          }
          if (last.nextAfter === null) break;
          after = last.nextAfter;
        }
      } finally {
        if (showBar) bar.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      if (wantsJson(cmd)) printJson({ ...sum, total: last?.total ?? 0, seconds });
      else
        out([
          `${sum.people} people in ${seconds.toFixed(1)} s: ${sum.opened} statuses opened, ${sum.updated} updated, ${sum.closed} closed, ${sum.deleted} deleted`,
        ]);
    });

  status
    .command('holders <type>')
    .description('who holds a status (id or name) on a day')
    .option('--on <YYYY-MM-DD>', 'the day (default today)')
    .option('--limit <n>', 'how many', '50')
    .option('--offset <n>', 'skip this many', '0')
    .action(async (type: string, opts: { on?: string; limit: string; offset: string }, cmd: Command) => {
      const page = await client(cmd).get<HoldersPage>('/statuses/holders', {
        type,
        on: opts.on,
        limit: Number(opts.limit),
        offset: Number(opts.offset),
      });
      if (wantsJson(cmd)) return printJson(page);
      out([`${page.statusType.name} on ${page.on}: ${page.total} ${page.total === 1 ? 'person' : 'people'}`]);
      printTable(
        page.items.map((h) => ({
          id: h.personId,
          name: h.displayName,
          from: h.start ?? '…',
          until: h.end ?? '…',
          bridged: h.bridged ? 'yes' : '',
        })),
      );
    });

  status
    .command('settings')
    .description('show, or with --look-ahead change, the days look-ahead bridges between statuses of one category')
    .option('--look-ahead <days>', 'the new window in days (then run: steward status recompute)')
    .action(async (opts: { lookAhead?: string }, cmd: Command) => {
      const api = client(cmd);
      let s: StatusSettings;
      if (opts.lookAhead === undefined) s = await api.get<StatusSettings>('/settings/status');
      else
        s = (
          await api.request<StatusSettings>('/settings/status', {
            method: 'PUT',
            body: { lookAheadDays: Number(opts.lookAhead) },
            headers: { 'if-match': await etagOf(api, '/settings/status') },
          })
        ).data;
      if (wantsJson(cmd)) printJson(s);
      else out([`look-ahead: ${s.lookAheadDays} days (version ${s.version})`]);
    });
}
