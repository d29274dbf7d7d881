import type { Command } from 'commander';
import type {
  EffectiveView,
  FolderListing,
  FolderView,
  GroupDetail,
  GroupView,
  HistoryView,
  MembershipView,
  PrivilegeView,
} from '../../groups/group-schemas.ts';
import type { ApiClient } from '../api-client.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';

/**
 * `steward groups …`: folders (colon-separated names), groups (basic, composite, rule),
 * direct and effective members (with why), privileges, history and the full rebuild.
 * Groups and folders are named by their full names (uni:apps:payroll:clerk).
 */

async function folderByName(api: ApiClient, name: string): Promise<FolderView> {
  let parent: number | null = null;
  let found: FolderView | undefined;
  for (const segment of name.split(':')) {
    const listing: FolderListing = await api.get<FolderListing>(
      '/folders',
      parent === null ? {} : { parentId: parent },
    );
    found = listing.folders.find((f) => f.extension === segment);
    if (!found) throw new Error(`no folder ${name} (${segment} is missing)`);
    parent = found.id;
  }
  return found!;
}

const groupByName = (api: ApiClient, name: string) =>
  api.get<GroupDetail>(`/groups/by-name/${encodeURIComponent(name)}`);
const split = (name: string) => ({
  parent: name.includes(':') ? name.slice(0, name.lastIndexOf(':')) : null,
  extension: name.slice(name.lastIndexOf(':') + 1),
});
const when = (s: string | null) => (s ? s.replace('T', ' ').replace(/:00\.000Z$/, 'Z') : '');

function membershipRows(rows: MembershipView[]) {
  return rows.map((m) => ({
    id: m.id,
    member: m.personName ? `${m.personName} (#${m.personId})` : `group ${m.memberGroupName}`,
    from: when(m.enabledFrom),
    until: when(m.disabledAt),
    reason: m.reason ?? '',
    ticket: m.ticket ?? '',
    added: `${m.addedBy} ${when(m.addedAt)}`,
  }));
}

/** Registers `steward groups …`. */
export function registerGroups(program: Command): void {
  const groups = program
    .command('groups')
    .description('groups and folders: members with dates, composites, rule groups, privileges');

  groups
    .command('ls [folder]')
    .description("root folders, or a folder's subfolders and groups")
    .action(async (name: string | undefined, _o, cmd: Command) => {
      const api = client(cmd);
      const listing = await api.get<FolderListing>(
        '/folders',
        name ? { parentId: (await folderByName(api, name)).id } : {},
      );
      if (wantsJson(cmd)) return printJson(listing);
      printTable([
        ...listing.folders.map((f) => ({ type: 'folder', id: f.id, name: f.name })),
        ...listing.groups.map((g) => ({ type: `${g.kind} group`, id: g.id, name: g.name })),
      ]);
    });

  groups
    .command('mkdir <name>')
    .description('create a folder (its parent must exist)')
    .option('--description <text>')
    .action(async (name: string, o: { description?: string }, cmd: Command) => {
      const api = client(cmd);
      const { parent, extension } = split(name);
      const f = await api.post<FolderView>('/folders', {
        extension,
        parentId: parent ? (await folderByName(api, parent)).id : null,
        description: o.description,
      });
      out([`folder ${f.name} (#${f.id})`]);
    });

  groups
    .command('rename-folder <name> <extension>')
    .description('rename a folder; every name below follows')
    .action(async (name: string, extension: string, _o, cmd: Command) => {
      const api = client(cmd);
      const f = await api.patch<FolderView>(`/folders/${(await folderByName(api, name)).id}`, { extension });
      out([`folder ${f.name}`]);
    });

  groups
    .command('move-folder <name> <parent>')
    .description('move a folder under another ("-" for the root)')
    .action(async (name: string, parent: string, _o, cmd: Command) => {
      const api = client(cmd);
      const f = await folderByName(api, name);
      const moved = (
        await api.request<FolderView>(`/folders/${f.id}/move`, {
          method: 'POST',
          body: { parentId: parent === '-' ? null : (await folderByName(api, parent)).id },
          headers: { 'if-match': `"${f.version}"` },
        })
      ).data;
      out([`folder ${moved.name}`]);
    });

  groups
    .command('rmdir <name>')
    .description('delete an empty folder')
    .action(async (name: string, _o, cmd: Command) => {
      const api = client(cmd);
      await api.delete(`/folders/${(await folderByName(api, name)).id}`);
      out([`deleted ${name}`]);
    });

  groups
    .command('create <name>')
    .description('create a group: basic, or --union/--intersection/--complement A B, or --rule JSON')
    .option('--union <groups...>')
    .option('--intersection <groups...>')
    .option('--complement <groups...>', 'A minus B')
    .option('--rule <json>', 'e.g. {"all":[{"type":"affiliation","orgCode":"PHYS"}]}')
    .option('--description <text>')
    .action(
      async (
        name: string,
        o: { union?: string[]; intersection?: string[]; complement?: string[]; rule?: string; description?: string },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const { parent, extension } = split(name);
        if (!parent) throw new Error('a group lives in a folder: give folder:extension');
        const folder = await folderByName(api, parent);
        const op = o.union ? 'union' : o.intersection ? 'intersection' : o.complement ? 'complement' : null;
        const operands = o.union ?? o.intersection ?? o.complement;
        if (operands && operands.length !== 2) throw new Error(`--${op} takes two groups`);
        const composite =
          op && operands
            ? {
                op,
                leftId: (await groupByName(api, operands[0])).id,
                rightId: (await groupByName(api, operands[1])).id,
              }
            : undefined;
        const g = await api.post<GroupView>('/groups', {
          folderId: folder.id,
          extension,
          description: o.description,
          composite,
          rule: o.rule ? JSON.parse(o.rule) : undefined,
        });
        out([`${g.kind} group ${g.name} (#${g.id})`]);
      },
    );

  groups
    .command('show <group>')
    .description('a group: kind, definition, your privileges')
    .action(async (name: string, _o, cmd: Command) => {
      const g = await groupByName(client(cmd), name);
      if (wantsJson(cmd)) return printJson(g);
      out([
        `${g.name} (#${g.id}, ${g.kind}, version ${g.version})`,
        ...(g.description ? [`  ${g.description}`] : []),
        ...(g.composite ? [`  ${g.composite.op} of ${g.composite.leftName} and ${g.composite.rightName}`] : []),
        ...(g.rule ? [`  rule ${JSON.stringify(g.rule)}`] : []),
        `  your privileges: ${g.privileges.join(', ') || 'none'}`,
      ]);
    });

  groups
    .command('delete <group>')
    .description('delete a group that is not in use')
    .action(async (name: string, _o, cmd: Command) => {
      const api = client(cmd);
      await api.delete(`/groups/${(await groupByName(api, name)).id}`);
      out([`deleted ${name}`]);
    });

  groups
    .command('members <group>')
    .description('direct members, or --effective ones (with why) at --at')
    .option('--effective')
    .option('--at <datetime>')
    .option('--known-at <datetime>', 'as Steward knew it then (recorded time)')
    .option('--all', 'every interval, not only those counting now')
    .action(
      async (name: string, o: { effective?: boolean; at?: string; knownAt?: string; all?: boolean }, cmd: Command) => {
        const api = client(cmd);
        const g = await groupByName(api, name);
        if (!o.effective) {
          const rows = await api.get<MembershipView[]>(`/groups/${g.id}/members`);
          return wantsJson(cmd) ? printJson(rows) : printTable(membershipRows(rows));
        }
        const rows = await api.get<EffectiveView[]>(`/groups/${g.id}/members/effective`, {
          at: o.at,
          knownAt: o.knownAt,
          all: o.all ? 'true' : undefined,
        });
        if (wantsJson(cmd)) return printJson(rows);
        printTable(
          rows.map((r) => ({
            person: `${r.personName} (#${r.personId})`,
            from: when(r.validFrom),
            until: when(r.validUntil),
            why: r.why.rule
              ? `rule of ${r.why.path.map((p) => p.name).join(' → ')}`
              : `membership ${r.why.membership?.id} via ${r.why.path.map((p) => p.name).join(' → ')}`,
          })),
        );
      },
    );

  groups
    .command('add <group>')
    .description('add a person (--person ID) or a group (--group NAME) as a direct member')
    .option('--person <id>')
    .option('--group <name>')
    .option('--reason <text>')
    .option('--ticket <id>')
    .option('--requested-by <who>')
    .option('--approved-by <who>')
    .option('--from <datetime>', 'enabled from')
    .option('--until <datetime>', 'disabled at')
    .action(
      async (
        name: string,
        o: {
          person?: string;
          group?: string;
          reason?: string;
          ticket?: string;
          requestedBy?: string;
          approvedBy?: string;
          from?: string;
          until?: string;
        },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const g = await groupByName(api, name);
        const member = o.group ? { groupId: (await groupByName(api, o.group)).id } : { personId: Number(o.person) };
        const m = await api.post<MembershipView>(`/groups/${g.id}/members`, {
          ...member,
          reason: o.reason,
          ticket: o.ticket,
          requestedBy: o.requestedBy,
          approvedBy: o.approvedBy,
          enabledFrom: o.from,
          disabledAt: o.until,
        });
        out([
          `membership ${m.id}: ${m.personName ?? m.memberGroupName} in ${m.groupName}${m.disabledAt ? ` until ${when(m.disabledAt)}` : ''}`,
        ]);
      },
    );

  groups
    .command('remove <group> <membershipId>')
    .description('remove a direct membership')
    .option('--reason <text>')
    .action(async (name: string, id: string, o: { reason?: string }, cmd: Command) => {
      const api = client(cmd);
      const g = await groupByName(api, name);
      await api.request(`/groups/${g.id}/members/${id}`, { method: 'DELETE', query: { reason: o.reason } });
      out([`removed membership ${id}`]);
    });

  groups
    .command('privileges <target>')
    .description('privileges on a group (or --folder)')
    .option('--folder')
    .action(async (name: string, o: { folder?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const url = o.folder
        ? `/folders/${(await folderByName(api, name)).id}/privileges`
        : `/groups/${(await groupByName(api, name)).id}/privileges`;
      const rows = await api.get<PrivilegeView[]>(url);
      if (wantsJson(cmd)) return printJson(rows);
      printTable(
        rows.map((p) => ({
          id: p.id,
          privilege: p.privilege,
          holder: p.personName ? `${p.personName} (#${p.personId})` : `group ${p.subjectGroupName}`,
          granted: `${p.grantedBy} ${when(p.grantedAt)}`,
        })),
      );
    });

  groups
    .command('grant <target> <privilege>')
    .description('grant admin|update|read|view|optin|optout on a group (or --folder) to --person ID or --group NAME')
    .option('--folder')
    .option('--person <id>')
    .option('--group <name>')
    .action(
      async (
        name: string,
        privilege: string,
        o: { folder?: boolean; person?: string; group?: string },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const url = o.folder
          ? `/folders/${(await folderByName(api, name)).id}/privileges`
          : `/groups/${(await groupByName(api, name)).id}/privileges`;
        const holder = o.group ? { groupId: (await groupByName(api, o.group)).id } : { personId: Number(o.person) };
        const p = await api.post<PrivilegeView>(url, { privilege, ...holder });
        out([`granted ${p.privilege} to ${p.personName ?? `group ${p.subjectGroupName}`} (#${p.id})`]);
      },
    );

  groups
    .command('history <group>')
    .description('what happened to a group')
    .action(async (name: string, _o, cmd: Command) => {
      const api = client(cmd);
      const rows = await api.get<HistoryView[]>(`/groups/${(await groupByName(api, name)).id}/history`);
      if (wantsJson(cmd)) return printJson(rows);
      printTable(
        rows.map((h) => ({
          at: when(h.at),
          actor: h.actor,
          event: h.event,
          membership: h.membershipId ?? '',
          person: h.personId ?? '',
          boundary: when(h.boundaryAt),
        })),
      );
    });

  groups
    .command('rebuild')
    .description('recompute every effective membership from scratch (prints what differed: nothing when all is well)')
    .action(async (_o, cmd: Command) => {
      const r = await client(cmd).post<{ groups: number; groupsChanged: number; peopleChanged: number }>(
        '/groups/rebuild',
      );
      out([`${r.groups} groups checked; ${r.groupsChanged} differed (${r.peopleChanged} people)`]);
    });
}
