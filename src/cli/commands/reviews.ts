import type { Command } from 'commander';
import type {
  AttestationView,
  CampaignSummaryView,
  CampaignView,
  CloseResultView,
  ItemsPageView,
  ItemView,
  ReportView,
} from '../../governance/review-schemas.ts';
import type { ApiClient } from '../api-client.ts';
import { client, collect, etagOf, wantsJson } from '../context.ts';
import { writeOut } from '../io.ts';
import { minuteUtc, out, printJson, printTable } from '../output.ts';
import { resolveUnit } from './org-format.ts';

/**
 * `steward review …`: access reviews (attestation). Start a campaign over an application, a group or a folder
 * (by name), list and show campaigns, the worklist (now vs at grant, with what changed), decide one item or many
 * over a filter, close, the report (or its CSV), and per-group attestation periods and the groups due.
 */
interface FilterFlags {
  reviewer?: string;
  decided?: boolean;
  undecided?: boolean;
  changed?: boolean;
  group?: string;
  department?: string;
  q?: string;
}

function filterOf(f: FilterFlags) {
  return {
    reviewer: f.reviewer,
    decided: f.decided ? true : f.undecided ? false : undefined,
    changed: f.changed ? true : undefined,
    groupId: f.group ? Number(f.group) : undefined,
    department: f.department,
    q: f.q,
  };
}

const withFilters = (cmd: Command) =>
  cmd
    .option('--reviewer <who>', 'me (default), all, or a person id')
    .option('--decided', 'only decided items')
    .option('--undecided', 'only undecided items')
    .option('--changed', 'only items whose facts changed since grant')
    .option('--group <id>', 'only the members of this group')
    .option('--department <code>', "only members whose department is now this unit's")
    .option('--q <text>', "text in the member's or the group's name");

const facts = (f: ItemView['now'] | null) =>
  f ? `${f.statuses.join('/') || '-'} ${f.department ?? '-'} ${f.title ?? '-'}` : '?';

function itemRow(i: ItemView) {
  return {
    item: i.id,
    person: `${i.person.name} (#${i.person.personId})`,
    group: i.group.name,
    access: i.access.join(','),
    then: facts(i.then),
    now: facts(i.now),
    changed: i.changed.length ? `CHANGED ${i.changed.join(',')}` : '',
    status: i.status,
    ends: i.endsAt ? minuteUtc(i.endsAt) : '',
    reviewer: i.reviewer?.name ?? '',
    decision: i.decision ? `${i.decision}${i.endDate ? ` ${i.endDate}` : ''}` : '',
  };
}

function campaignLines(c: CampaignView): string[] {
  return [
    `review ${c.id} ${c.name}${c.label ? ` (${c.label})` : ''}: ${c.state}`,
    `scope       ${c.scope.kind} ${c.scope.name} (${c.scope.groups.length} groups)`,
    `deadline    ${minuteUtc(c.deadline)}; reminders ${c.remindDays.join(', ')} days before; undecided: ${c.undecided}`,
    `split       ${c.splitBy}${c.splitBy === 'division' ? ` (${c.divisionKinds.join(', ')})` : ''}`,
    `owner       ${c.owner ? `${c.owner.name} (#${c.owner.personId})` : '-'}`,
    ...c.reviewers.map((r) => `reviewer    ${r.orgCode ?? 'default'}: ${r.name} (#${r.personId})`),
    `progress    ${c.counts.decided} of ${c.counts.total} decided`,
    ...(c.everyMonths
      ? [`recurring   every ${c.everyMonths} months${c.nextId ? `; next: review ${c.nextId}` : ''}`]
      : []),
  ];
}

function decisionBody(decision: string, f: { comment?: string; endDate?: string }) {
  return { decision, comment: f.comment, endDate: f.endDate };
}

function scopeOf(f: { application?: string; group?: string; folder?: string }) {
  const given = [
    f.application && { kind: 'application', name: f.application },
    f.group && { kind: 'group', name: f.group },
    f.folder && { kind: 'folder', name: f.folder },
  ].filter(Boolean);
  if (given.length !== 1) throw new Error('name one of --application, --group or --folder');
  return given[0];
}

async function reviewersOf(api: ApiClient, specs: string[], fallback?: string) {
  const out: { orgId: number | null; personId: number }[] = [];
  for (const s of specs) {
    const [code, person] = s.split('=');
    if (!code || !/^\d+$/.test(person ?? '')) throw new Error(`--reviewer ${s}: write ORG=PERSON_ID`);
    out.push({ orgId: await resolveUnit(api, code), personId: Number(person) });
  }
  if (fallback) out.push({ orgId: null, personId: Number(fallback) });
  return out;
}

function registerCampaignCommands(review: Command): void {
  review
    .command('create <name>')
    .description('start an access review of an application, a group or a folder')
    .option('--application <name>', 'the application (its roles’ groups, each with its access level)')
    .option('--group <name>', 'a group, by its full name')
    .option('--folder <name>', 'every group below a folder, by its full name')
    .requiredOption('--deadline <when>', 'the deadline (ISO date and time)')
    .option('--label <text>', 'a label')
    .option('--split <by>', 'department or division')
    .option('--division-kinds <kinds>', 'the org kinds a division is (comma separated)')
    .option('--reviewer <org=person>', 'the reviewer of a unit and those below it (repeatable)', collect, [])
    .option('--default-reviewer <person>', 'the reviewer of items no unit reviewer covers')
    .option('--remind <days>', 'days before the deadline to remind (comma separated)')
    .option('--undecided <policy>', 'keep, remove or escalate at the deadline')
    .option('--every-months <n>', 'recurring: the next campaign opens when this one closes')
    .option('--owner <person>', "the owner (default: the caller's person)")
    .action(async (name: string, f: Record<string, string | string[] | undefined>, cmd: Command) => {
      const api = client(cmd);
      const body = {
        name,
        label: f.label,
        scope: scopeOf(f as never),
        deadline: new Date(f.deadline as string).toISOString(),
        splitBy: f.split,
        divisionKinds: (f.divisionKinds as string | undefined)?.split(','),
        reviewers: await reviewersOf(api, f.reviewer as string[], f.defaultReviewer as string | undefined),
        remindDays: (f.remind as string | undefined)?.split(',').map(Number),
        undecided: f.undecided,
        everyMonths: f.everyMonths === undefined ? undefined : Number(f.everyMonths),
        ownerPersonId: f.owner === undefined ? undefined : Number(f.owner),
      };
      const c = await api.post<CampaignView>('/reviews', body);
      if (wantsJson(cmd)) return printJson(c);
      out(campaignLines(c));
    });

  review
    .command('list')
    .description('the campaigns you own or review in')
    .option('--state <state>', 'open or closed')
    .action(async (f: { state?: string }, cmd: Command) => {
      const list = await client(cmd).get<CampaignSummaryView[]>('/reviews', { state: f.state });
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((c) => ({
          id: c.id,
          name: c.name,
          scope: `${c.scope.kind} ${c.scope.id}`,
          deadline: minuteUtc(c.deadline),
          state: c.state,
          decided: `${c.counts.decided}/${c.counts.total}`,
          mine: c.mine.total ? `${c.mine.undecided} of ${c.mine.total} undecided` : '',
        })),
      );
    });

  review
    .command('show <id>')
    .description('a campaign: scope, deadline, reviewers, progress')
    .action(async (id: string, _f, cmd: Command) => {
      const c = await client(cmd).get<CampaignView>(`/reviews/${Number(id)}`);
      if (wantsJson(cmd)) return printJson(c);
      out(campaignLines(c));
    });

  review
    .command('close <id>')
    .description('close now: apply the decisions (undecided items by the policy), open the next of a recurring one')
    .action(async (id: string, _f, cmd: Command) => {
      const r = await client(cmd).post<CloseResultView>(`/reviews/${Number(id)}/close`);
      if (wantsJson(cmd)) return printJson(r);
      out([
        `review ${r.campaign.id} ${r.campaign.name}: ${r.campaign.state}`,
        `kept ${r.outcomes.kept}, removed ${r.outcomes.removed}, end-dated ${r.outcomes.endDated}, gone ${r.outcomes.gone}`,
        ...(r.next ? [`next: review ${r.next.id} ${r.next.name}, deadline ${minuteUtc(r.next.deadline)}`] : []),
      ]);
    });

  review
    .command('report <id>')
    .description('progress per reviewer and what closing did (--csv: every item with its decision)')
    .option('--csv', 'print the CSV')
    .action(async (id: string, f: { csv?: boolean }, cmd: Command) => {
      const api = client(cmd);
      if (f.csv) return writeOut(await api.get<string>(`/reviews/${Number(id)}/report.csv`));
      const r = await api.get<ReportView>(`/reviews/${Number(id)}/report`);
      if (wantsJson(cmd)) return printJson(r);
      printTable([...r.reviewers, { personId: '', name: 'total', ...r.totals }]);
      out([
        '',
        `outcomes: kept ${r.outcomes.kept}, removed ${r.outcomes.removed}, end-dated ${r.outcomes.endDated}, gone ${r.outcomes.gone}, pending ${r.outcomes.pending}`,
      ]);
    });
}

function registerDecisionCommands(review: Command): void {
  withFilters(review.command('items <id>'))
    .description('your worklist (now vs at grant, changes marked), filtered, sorted and paged')
    .option('--sort <key>', 'person, group, department, added, expiry or decided')
    .option('--desc', 'descending')
    .option('--limit <n>', 'items per page (default 50)')
    .option('--offset <n>', 'skip this many')
    .action(
      async (id: string, f: FilterFlags & { sort?: string; desc?: boolean; limit?: string; offset?: string }, cmd) => {
        const page = await client(cmd).get<ItemsPageView>(`/reviews/${Number(id)}/items`, {
          ...filterOf(f),
          sort: f.sort,
          order: f.desc ? 'desc' : undefined,
          limit: f.limit,
          offset: f.offset,
        });
        if (wantsJson(cmd)) return printJson(page);
        out([`${page.total} items (${page.decided} decided, ${page.undecided} undecided)`]);
        printTable(page.items.map(itemRow));
      },
    );

  review
    .command('decide <id> <item> <decision>')
    .description('keep, remove (with --comment) or end-date (with --end-date) one item')
    .option('--comment <text>', 'why (required to remove)')
    .option('--end-date <date>', 'the last day (YYYY-MM-DD) for end-date')
    .action(async (id: string, item: string, decision: string, f: { comment?: string; endDate?: string }, cmd) => {
      const api = client(cmd);
      const path = `/reviews/${Number(id)}/items/${Number(item)}`;
      const etag = await etagOf(api, path);
      const r = await api.request<ItemView>(`${path}/decision`, {
        method: 'PUT',
        body: decisionBody(decision, f),
        headers: { 'if-match': etag },
      });
      if (wantsJson(cmd)) return printJson(r.data);
      out([
        `item ${r.data.id} (${r.data.person.name} in ${r.data.group.name}): ${r.data.decision}${r.data.endDate ? ` ${r.data.endDate}` : ''}`,
      ]);
    });

  withFilters(review.command('bulk <id> <decision>'))
    .description('one decision over every item the filters select (your own unless you own the campaign)')
    .option('--comment <text>', 'why (required to remove)')
    .option('--end-date <date>', 'the last day (YYYY-MM-DD) for end-date')
    .action(async (id: string, decision: string, f: FilterFlags & { comment?: string; endDate?: string }, cmd) => {
      const r = await client(cmd).post<{ decided: number }>(`/reviews/${Number(id)}/decisions`, {
        ...decisionBody(decision, f),
        filter: filterOf(f),
      });
      if (wantsJson(cmd)) return printJson(r);
      out([`${r.decided} items decided: ${decision}`]);
    });
}

function registerAttestCommands(review: Command): void {
  review
    .command('attest <group>')
    .description("set how often a group's members are reviewed (days; 'never' to stop)")
    .requiredOption('--every <days>', "days between attestations, or 'never'")
    .action(async (name: string, f: { every: string }, cmd: Command) => {
      const api = client(cmd);
      const g = await api.get<{ id: number }>(`/groups/by-name/${encodeURIComponent(name)}`);
      const a = await api.patch<AttestationView>(
        `/groups/${g.id}/attestation`,
        { everyDays: f.every === 'never' ? 0 : Number(f.every) },
        'PUT',
      );
      if (wantsJson(cmd)) return printJson(a);
      out([
        `${a.groupName}: every ${a.everyDays ?? '-'} days; attested ${minuteUtc(a.attestedAt)}; ${a.due ? 'due now' : `due ${minuteUtc(a.dueAt)}`}`,
      ]);
    });

  review
    .command('due')
    .description('groups whose attestation is due')
    .action(async (_f, cmd: Command) => {
      const list = await client(cmd).get<AttestationView[]>('/reviews/attestation/due');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((a) => ({
          group: a.groupName,
          every: a.everyDays,
          attested: a.attestedAt ? minuteUtc(a.attestedAt) : 'never',
        })),
      );
    });
}

/** Registers `steward review …`. */
export function registerReviews(program: Command): void {
  const review = program
    .command('review')
    .description('access reviews (attestation): campaigns, worklists, decisions, reports');
  registerCampaignCommands(review);
  registerDecisionCommands(review);
  registerAttestCommands(review);
}
