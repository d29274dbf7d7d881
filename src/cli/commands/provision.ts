import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Static } from 'typebox';
import type { Target } from '../../provision/provision-schemas.ts';
import { type ApiClient, ApiError } from '../api-client.ts';
import { client, wantsJson } from '../context.ts';
import { cliIo } from '../io.ts';
import { minuteUtc, out, printJson, printTable } from '../output.ts';
import { registerProvisionOps, targetPath } from './provision-ops.ts';

/**
 * `steward provision …`: provisioning targets (LDAP directories, webhook consumers). This
 * file defines and changes them (list, show, create, edit, pause, resume, remove); the
 * operations on their queues, deliveries and full syncs are in provision-ops.ts. Secrets
 * are write-only: `show` names the ones set, and `--password-stdin`/`--secret-stdin` read
 * one from stdin so it never sits in the shell history or the process list.
 */
type TargetView = Static<typeof Target>;

const cell = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** "key  value" lines, the values aligned. */
function pairs(record: Record<string, unknown>): string[] {
  const width = Math.max(0, ...Object.keys(record).map((k) => k.length));
  return Object.entries(record).map(([k, v]) => `    ${k.padEnd(width)}  ${cell(v)}`);
}

function selectionLine(s: TargetView['selection']): string {
  const parts = [
    s.statuses?.length ? `statuses ${s.statuses.join(', ')}${s.primaryOnly ? ' (primary only)' : ''}` : 'any status',
    s.orgUnits?.length ? `in ${s.orgUnits.join(', ')}` : '',
    s.streams?.length ? `streams ${s.streams.map((x) => `${x.stream}.${x.field}=${x.value}`).join(', ')}` : '',
    s.groups?.length ? `members of ${s.groups.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

function holdLines(t: TargetView): string[] {
  if (!t.hold) return [];
  return [
    `  HELD       ${t.hold.reason} (since ${minuteUtc(t.hold.since)})`,
    `             check it, then: steward provision release ${t.name}`,
  ];
}

function targetLines(t: TargetView): string[] {
  const { lifecycle: life, counts: c } = t;
  const groups = t.groups.map((g) => ('group' in g ? g.group : `role ${g.role}`) + (g.name ? ` as ${g.name}` : ''));
  return [
    `${t.label} (target ${t.name}, ${t.kind}, ${t.state}, version ${t.version})`,
    ...holdLines(t),
    '  settings',
    ...pairs(t.settings),
    `  secrets    ${t.secretsSet.map((s) => `${s}: set`).join(', ') || 'none set'}`,
    `  selection  ${selectionLine(t.selection)}`,
    ...(Object.keys(t.mappings).length ? ['  mappings', ...pairs(t.mappings)] : []),
    ...(groups.length ? [`  groups     ${groups.join(', ')}`] : []),
    `  lifecycle  ${life.disable ? 'disable when no longer selected' : 'delete when no longer selected'}${
      life.disable ? `, delete ${life.deleteAfterDays === null ? 'never' : `after ${life.deleteAfterDays} days`}` : ''
    }`,
    `  limits     hold a pass retiring over ${t.thresholdPercent}%; ${t.maxAttempts} tries before an object waits`,
    `  counts     ${c.provisioned} provisioned, ${c.disabled} disabled, ${c.pending} pending, ${c.errors} errors, ${c.waiting} waiting`,
    `  last run   ${minuteUtc(t.lastRunAt)}${t.lastError ? `; last error: ${t.lastError}` : ''}`,
  ];
}

function printTarget(cmd: Command, t: TargetView): void {
  if (wantsJson(cmd)) return printJson(t);
  out(targetLines(t));
  if (t.generatedSecret)
    out([
      '',
      `webhook secret (give it to the receiver to verify signatures): ${t.generatedSecret}`,
      'it will not be shown again',
    ]);
}

/** All of stdin, without the line end a shell or `echo` adds. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of cliIo().stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

interface DefinitionFlags {
  file: string;
  passwordStdin?: boolean;
  secretStdin?: boolean;
}

/** The JSON file's object, with a secret read from stdin added when asked for. */
async function readDefinition(opts: DefinitionFlags): Promise<Record<string, unknown>> {
  const fromStdin = opts.passwordStdin ? 'password' : opts.secretStdin ? 'secret' : null;
  if (opts.passwordStdin && opts.secretStdin) throw new Error('give --password-stdin or --secret-stdin, not both');
  if (fromStdin && opts.file === '-') throw new Error(`stdin carries the ${fromStdin}; give the definition as a file`);
  let def: unknown;
  try {
    def = JSON.parse(opts.file === '-' ? await readStdin() : readFileSync(opts.file, 'utf8'));
  } catch (e) {
    throw new Error(`${opts.file}: ${(e as Error).message}`, { cause: e });
  }
  if (typeof def !== 'object' || def === null || Array.isArray(def))
    throw new Error(`${opts.file} must hold a JSON object`);
  const body = def as Record<string, unknown>;
  if (fromStdin) {
    const value = await readStdin();
    if (!value) throw new Error(`no ${fromStdin} on stdin`);
    body.secrets = { ...(body.secrets as object | undefined), [fromStdin]: value };
  }
  return body;
}

/** A change sent with If-Match; a 412 is explained as the target having changed since it was read. */
export async function sendIfMatch<T>(
  api: ApiClient,
  name: string,
  method: string,
  path: string,
  etag: string,
  body?: unknown,
): Promise<T> {
  try {
    return (await api.request<T>(path, { method, body, headers: { 'if-match': etag } })).data;
  } catch (e) {
    if (e instanceof ApiError && e.status === 412)
      throw new Error(
        `target ${name} changed since you read it (${e.problem.detail ?? 'a newer version exists'}); nothing was saved: look at it again (steward provision show ${name}) and repeat the change`,
        { cause: e },
      );
    throw e;
  }
}

/** Reads the target for its ETag and returns both. */
async function current(api: ApiClient, name: string): Promise<{ target: TargetView; etag: string }> {
  const r = await api.request<TargetView>(targetPath(name));
  return { target: r.data, etag: r.headers.get('etag') ?? '' };
}

const MERGED = ['settings', 'selection', 'lifecycle'];

/** The target's definition as it is, with the changes laid over it (settings, selection and lifecycle key by key). */
function changed(t: TargetView, changes: Record<string, unknown>): Record<string, unknown> {
  const { name, ...rest } = changes;
  if (name !== undefined && name !== t.name)
    throw new Error(`a target cannot be renamed (${t.name} → ${String(name)})`);
  const body: Record<string, unknown> = {
    label: t.label,
    kind: t.kind,
    settings: t.settings,
    selection: t.selection,
    mappings: t.mappings,
    groups: t.groups,
    lifecycle: t.lifecycle,
    thresholdPercent: t.thresholdPercent,
    maxAttempts: t.maxAttempts,
  };
  for (const [k, v] of Object.entries(rest)) {
    const merge = MERGED.includes(k) && typeof v === 'object' && v !== null && !Array.isArray(v);
    body[k] = merge ? { ...(body[k] as object), ...v } : v;
  }
  return body;
}

function secretOptions(command: Command): Command {
  return command
    .option('--password-stdin', "read an LDAP target's bind password from stdin")
    .option('--secret-stdin', "read a webhook target's secret (whsec_…) from stdin");
}

function registerDefine(provision: Command): void {
  secretOptions(
    provision
      .command('create')
      .description('define a target from a JSON file (name, kind, settings, selection, mappings, groups, lifecycle)')
      .requiredOption('--file <target.json>', 'the definition; - reads stdin'),
  ).action(async (opts: DefinitionFlags, cmd: Command) => {
    printTarget(cmd, await client(cmd).post<TargetView>('/provision/targets', await readDefinition(opts)));
  });

  secretOptions(
    provision
      .command('edit <name>')
      .description(
        'change a target: the file holds only what changes (settings, selection and lifecycle are merged key by key); secrets left out are kept',
      )
      .requiredOption('--file <changes.json>', 'the changes; - reads stdin')
      .option('--if-version <n>', 'refuse unless the target is still at this version (as show printed it)'),
  ).action(async (name: string, opts: DefinitionFlags & { ifVersion?: string }, cmd: Command) => {
    const changes = await readDefinition(opts);
    const api = client(cmd);
    const { target, etag } = await current(api, name);
    const ifMatch = opts.ifVersion === undefined ? etag : `"${Number(opts.ifVersion)}"`;
    printTarget(
      cmd,
      await sendIfMatch<TargetView>(api, name, 'PUT', targetPath(name), ifMatch, changed(target, changes)),
    );
  });
}

/** Registers `steward provision …`. */
export function registerProvision(program: Command): void {
  const provision = program
    .command('provision')
    .description('provisioning targets: LDAP directories and webhook consumers, their queues and full syncs');

  provision
    .command('list')
    .description('every target with its state and counts')
    .action(async (_opts, cmd: Command) => {
      const list = await client(cmd).get<TargetView[]>('/provision/targets');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((t) => ({
          name: t.name,
          kind: t.kind,
          state: t.hold ? `${t.state} HELD` : t.state,
          provisioned: t.counts.provisioned,
          disabled: t.counts.disabled,
          pending: t.counts.pending,
          errors: t.counts.errors,
          'last run': minuteUtc(t.lastRunAt),
          'last error': t.lastError ?? '',
        })),
      );
    });

  provision
    .command('show <name>')
    .description('a target: settings, which secrets are set, selection, mappings, groups, lifecycle, hold')
    .action(async (name: string, _opts, cmd: Command) => {
      printTarget(cmd, await client(cmd).get<TargetView>(targetPath(name)));
    });

  registerDefine(provision);

  for (const [verb, what] of [
    ['pause', 'pause a target: its changes keep queuing, nothing is written until it resumes'],
    ['resume', 'resume a paused target'],
  ] as const)
    provision
      .command(`${verb} <name>`)
      .description(what)
      .action(async (name: string, _opts, cmd: Command) => {
        const api = client(cmd);
        const { etag } = await current(api, name);
        const t = await sendIfMatch<TargetView>(api, name, 'POST', `${targetPath(name)}/${verb}`, etag);
        if (wantsJson(cmd)) printJson(t);
        else out([`target ${t.name} is ${t.state}`]);
      });

  provision
    .command('remove <name>')
    .description('remove a target with its sync table and queues; the directory is left as it is')
    .option('--yes', 'yes, remove it')
    .action(async (name: string, opts: { yes?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const { target, etag } = await current(api, name);
      if (!opts.yes)
        throw new Error(
          `this removes target ${name} with its sync table and queues (${target.counts.provisioned} provisioned, ${target.counts.pending} pending); the directory is left as it is. Run again with --yes to remove it`,
        );
      await sendIfMatch(api, name, 'DELETE', targetPath(name), etag);
      out([`removed target ${name}`]);
    });

  registerProvisionOps(provision);
}
