import type { Command } from 'commander';
import type { StoredPolicy } from '../../governance/policy-store.ts';
import type { Principal } from '../../platform/db/governance-tables.ts';
import type { ApiClient } from '../api-client.ts';
import { client, collect, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';
import { resolvePerson } from './status.ts';

/**
 * `steward governance policy list|show|create|update|delete`: governance policies from the command line. Principals
 * are written `person:<ref>`, `group:<name or id>`, `privilege:admin|update`, `owner`, `delegates` or `manager`; a
 * stage is a comma-separated list of them. Checks, grace and notify are given as JSON.
 */
export async function groupIdOf(api: ApiClient, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) return Number(ref);
  return (await api.get<{ id: number }>(`/groups/by-name/${encodeURIComponent(ref)}`)).id;
}

async function folderIdOf(api: ApiClient, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) return Number(ref);
  let parentId: number | undefined;
  let id = 0;
  for (const segment of ref.split(':')) {
    const listing = await api.get<{ folders: { id: number; extension: string }[] }>('/folders', { parentId });
    const f = listing.folders.find((x) => x.extension === segment);
    if (!f) throw new Error(`no folder ${ref} (${segment} is missing)`);
    id = f.id;
    parentId = f.id;
  }
  return id;
}

export async function principalOf(api: ApiClient, spec: string): Promise<Principal> {
  const i = spec.indexOf(':');
  const kind = i < 0 ? spec : spec.slice(0, i);
  const rest = i < 0 ? '' : spec.slice(i + 1);
  switch (kind) {
    case 'person':
      return { kind, personId: await resolvePerson(api, rest) };
    case 'group':
      return { kind, groupId: await groupIdOf(api, rest) };
    case 'privilege':
      if (rest !== 'admin' && rest !== 'update')
        throw new Error(`privilege:${rest}: use privilege:admin or privilege:update`);
      return { kind, privilege: rest };
    case 'owner':
    case 'delegates':
    case 'manager':
      return { kind };
    default:
      throw new Error(`${spec} is not a principal (person:, group:, privilege:, owner, delegates, manager)`);
  }
}

const json = (text: string | undefined, what: string): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`--${what} is not JSON: ${text}`);
  }
};

interface PolicyFlags {
  group?: string;
  folder?: string;
  role?: string;
  name?: string;
  label?: string;
  level?: string;
  owner?: string;
  adder?: string[];
  requester?: string[];
  stage?: string[];
  checks?: string;
  grace?: string;
  notify?: string;
  expiryRequired?: boolean;
  maxDays?: string;
}

async function bodyOf(api: ApiClient, f: PolicyFlags): Promise<Record<string, unknown>> {
  const principals = async (specs: string[] | undefined) =>
    specs === undefined ? undefined : Promise.all(specs.map((s) => principalOf(api, s)));
  const body: Record<string, unknown> = {
    name: f.name,
    label: f.label,
    securityLevel: f.level,
    ownerPersonId: f.owner === undefined ? undefined : f.owner === 'none' ? null : await resolvePerson(api, f.owner),
    directAdders: await principals(f.adder),
    requesters: await principals(f.requester),
    stages:
      f.stage === undefined
        ? undefined
        : await Promise.all(f.stage.map(async (s) => ({ approvers: await principals(s.split(',').filter(Boolean)) }))),
    checks: json(f.checks, 'checks'),
    grace: json(f.grace, 'grace'),
    notify: json(f.notify, 'notify'),
    expiryRequired: f.expiryRequired,
    maxDays: f.maxDays === undefined ? undefined : f.maxDays === 'none' ? null : Number(f.maxDays),
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

function policyLines(p: StoredPolicy): string[] {
  const list = (xs: unknown[]) => (xs.length ? xs.map((x) => JSON.stringify(x)).join(' ') : '-');
  return [
    `policy ${p.id} ${p.name} (version ${p.version}) on ${p.target.kind} ${p.target.name}${p.label ? `: ${p.label}` : ''}`,
    `  level        ${p.securityLevel}; grace job ${p.grace.job}, department ${p.grace.department}, leaving ${p.grace.leaving}, requirement ${p.grace.requirement} days`,
    `  direct adds  ${list(p.directAdders)}`,
    `  requesters   ${p.requesters.length ? list(p.requesters) : 'anyone signed in'}`,
    ...p.stages.map((s, i) => `  stage ${i + 1}      ${list(s.approvers)}`),
    `  checks       ${JSON.stringify(p.checks)}`,
    `  expiry       ${p.expiryRequired ? 'required' : 'optional'}${p.maxDays ? `, at most ${p.maxDays} days` : ''}`,
    `  owner        ${p.ownerPersonId ?? '-'}; notify ${JSON.stringify(p.notify)}`,
  ];
}

async function policyIdOf(api: ApiClient, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) return Number(ref);
  const found = (await api.get<StoredPolicy[]>('/governance/policies')).find((p) => p.name === ref);
  if (!found) throw new Error(`no policy is named ${ref}`);
  return found.id;
}

function withPolicyOptions(cmd: Command): Command {
  return cmd
    .option('--label <text>')
    .option('--level <level>', 'high, medium or custom')
    .option('--owner <person>', 'the owner (a person ref, or none)')
    .option('--adder <principal>', 'who adds directly (repeatable)', collect)
    .option('--requester <principal>', 'who may ask (repeatable; none: anyone signed in)', collect)
    .option('--stage <principals>', 'an approval stage: comma-separated principals (repeatable, in order)', collect)
    .option('--checks <json>', 'the checks before adding, as JSON')
    .option('--grace <json>', 'grace days (custom level), as JSON')
    .option('--notify <json>', 'who is told of what, as JSON')
    .option('--expiry-required', 'every membership needs an end date')
    .option('--max-days <n>', 'the longest membership in days (or none)');
}

/** Registers `steward governance policy …` (and the `governance` command). */
export function registerGovernancePolicies(program: Command): void {
  const governance =
    program.commands.find((c) => c.name() === 'governance') ??
    program.command('governance').description('membership governance: policies, requests');
  const policy = governance.command('policy').description('governance policies on groups, folders and roles');
  policy
    .command('list')
    .option('--group <group>')
    .option('--folder <folder>')
    .action(async (f: { group?: string; folder?: string }, cmd: Command) => {
      const api = client(cmd);
      const list = await api.get<StoredPolicy[]>('/governance/policies', {
        groupId: f.group ? await groupIdOf(api, f.group) : undefined,
        folderId: f.folder ? await folderIdOf(api, f.folder) : undefined,
      });
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((p) => ({
          id: p.id,
          name: p.name,
          on: `${p.target.kind} ${p.target.name}`,
          level: p.securityLevel,
          stages: p.stages.length,
        })),
      );
    });
  policy
    .command('show <policy>')
    .description('a policy by id or name')
    .action(async (ref: string, _o, cmd: Command) => {
      const api = client(cmd);
      const p = await api.get<StoredPolicy>(`/governance/policies/${await policyIdOf(api, ref)}`);
      return wantsJson(cmd) ? printJson(p) : out(policyLines(p));
    });
  withPolicyOptions(
    policy
      .command('create <name>')
      .description('a policy on a group, folder or role')
      .option('--group <group>', 'the group (name or id)')
      .option('--folder <folder>', 'the folder (name or id): the groups below it')
      .option('--role <id>', 'an access role id'),
  ).action(async (name: string, f: PolicyFlags, cmd: Command) => {
    const api = client(cmd);
    const body = await bodyOf(api, { ...f, name });
    if (f.group) body.groupId = await groupIdOf(api, f.group);
    if (f.folder) body.folderId = await folderIdOf(api, f.folder);
    if (f.role) body.roleId = Number(f.role);
    const p = await api.post<StoredPolicy>('/governance/policies', body);
    return wantsJson(cmd) ? printJson(p) : out(policyLines(p));
  });
  withPolicyOptions(policy.command('update <policy>').option('--name <name>', 'rename it')).action(
    async (ref: string, f: PolicyFlags, cmd: Command) => {
      const api = client(cmd);
      const p = await api.patch<StoredPolicy>(
        `/governance/policies/${await policyIdOf(api, ref)}`,
        await bodyOf(api, f),
      );
      return wantsJson(cmd) ? printJson(p) : out(policyLines(p));
    },
  );
  policy.command('delete <policy>').action(async (ref: string, _o, cmd: Command) => {
    const api = client(cmd);
    const id = await policyIdOf(api, ref);
    await api.delete(`/governance/policies/${id}`);
    out([`deleted policy ${id}`]);
  });
}
