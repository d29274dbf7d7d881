import type { Command } from 'commander';
import type {
  AccountView,
  ExpiryResult,
  LendResult,
  LoanPage,
  LoanSettings,
  LoanView,
  PoolsView,
} from '../../loans/loan-schemas.ts';
import type { ApiClient } from '../api-client.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';
import { resolveUnit } from './org-format.ts';

/**
 * `steward loans …`: temporary accounts. Pools and accounts (list, add, retire), lending
 * (prints the one-time password once), renewing, returning, the history of who had which
 * account when, the expiry sweep and the global pool's low-water mark.
 */
const when = (iso: string | null) => (iso === null ? '' : iso.replace('T', ' ').slice(0, 16));

function loanRow(l: LoanView): Record<string, unknown> {
  return {
    id: l.id,
    account: l.username,
    department: l.orgCode,
    pool: l.fromGlobal ? 'global' : 'department',
    borrower: l.borrowerName ?? (l.borrowerPersonId ? `person ${l.borrowerPersonId}` : ''),
    from: when(l.startsAt),
    until: when(l.endedAt ?? l.endsAt),
    state: l.open ? 'open' : l.endReason,
    renewals: l.renewals.length,
    comment: l.comment,
  };
}

function loanLines(l: LoanView): string[] {
  return [
    `loan ${l.id}  ${l.username}  (${l.fromGlobal ? 'from the global pool' : `${l.orgCode} pool`})`,
    `borrower    ${l.borrowerName ?? ''}${l.borrowerPersonId ? ` (person ${l.borrowerPersonId})` : ''}`,
    `department  ${l.orgCode} ${l.orgName}`,
    `comment     ${l.comment}`,
    `lent        ${when(l.startsAt)} by ${l.lentBy}`,
    `ends        ${when(l.endsAt)}${l.open ? '' : `; ${l.endReason} ${when(l.endedAt)} by ${l.endedBy}`}`,
    ...l.renewals.map(
      (r) =>
        `renewed     ${when(r.at)} by ${r.actor}: ${when(r.previousEndsAt)} → ${when(r.endsAt)}${r.comment ? ` (${r.comment})` : ''}`,
    ),
  ];
}

const length = (f: { hours?: string; until?: string }) =>
  f.until
    ? { endsAt: new Date(f.until).toISOString() }
    : { hours: f.hours === undefined ? undefined : Number(f.hours) };

async function loanEtag(api: ApiClient, id: string): Promise<string> {
  return (await api.request<LoanView>(`/loans/${Number(id)}`)).headers.get('etag') ?? '';
}

export function registerLoans(program: Command): void {
  const loans = program
    .command('loans')
    .description('temporary accounts: pools, lending for 3 hours to 2 days, renewals, returns and history');

  loans
    .command('pools')
    .description('free and lent accounts per department pool and in the global pool')
    .action(async (_o, cmd: Command) => {
      const p = await client(cmd).get<PoolsView>('/loans/pools');
      if (wantsJson(cmd)) return printJson(p);
      out([
        `global pool: ${p.global.free} free, ${p.global.lent} lent, ${p.global.retired} retired (low-water mark ${p.global.lowWater})${p.global.low ? '  LOW' : ''}`,
        '',
      ]);
      printTable(
        p.departments.map((d) => ({
          department: d.orgCode,
          name: d.orgName,
          free: d.free,
          lent: d.lent,
          retired: d.retired,
          fromGlobal: d.borrowedFromGlobal,
        })),
      );
    });

  const accounts = loans.command('accounts').description('the temporary accounts');
  accounts
    .command('list')
    .description('accounts by pool and state')
    .option('--org <code>', "a department's pool")
    .option('--global', 'the global pool')
    .option('--state <state>', 'free, lent or retired')
    .action(async (f: { org?: string; global?: boolean; state?: string }, cmd: Command) => {
      const api = client(cmd);
      const list = await api.get<AccountView[]>('/loans/accounts', {
        orgId: f.org ? await resolveUnit(api, f.org) : undefined,
        pool: f.global ? 'global' : undefined,
        state: f.state,
      });
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((a) => ({
          id: a.id,
          username: a.username,
          pool: a.orgCode ?? 'global',
          state: a.state,
          loan: a.currentLoanId,
        })),
      );
    });
  accounts
    .command('add <username...>')
    .description("add accounts to a department's pool (--org) or the global pool (--global)")
    .option('--org <code>', 'the department')
    .option('--global', 'the global pool')
    .action(async (usernames: string[], f: { org?: string; global?: boolean }, cmd: Command) => {
      const api = client(cmd);
      if (!f.org === !f.global) throw new Error('say which pool: --org CODE or --global');
      const orgId = f.org ? await resolveUnit(api, f.org) : null;
      for (const username of usernames) {
        const a = await api.post<AccountView>('/loans/accounts', { username, orgId });
        if (!wantsJson(cmd)) out([`added ${a.username} (id ${a.id}) to the ${a.orgCode ?? 'global'} pool`]);
        else printJson(a);
      }
    });
  accounts
    .command('retire <id>')
    .description('retire a free account: never lent again')
    .action(async (id: string, _o, cmd: Command) => {
      const api = client(cmd);
      const current = await api.request<AccountView[]>('/loans/accounts');
      const a = current.data.find((x) => x.id === Number(id) || x.username === id);
      if (!a) throw new Error(`no temporary account ${id}`);
      const retired = await api.post<AccountView>(`/loans/accounts/${a.id}/retire`, undefined, {
        'if-match': `"${a.version}"`,
      });
      if (wantsJson(cmd)) return printJson(retired);
      out([`retired ${retired.username}`]);
    });

  loans
    .command('lend')
    .description("lend an account of the department's pool (else the global pool); prints the one-time password")
    .requiredOption('--org <code>', 'the department lending')
    .option('--borrower <name>', "the borrower's name")
    .option('--person <id>', "the borrower's person id")
    .requiredOption('--comment <text>', 'what it is for')
    .option('--hours <n>', 'how long: 3 to 48 hours')
    .option('--until <time>', 'or until when (ISO date and time)')
    .action(
      async (
        f: { org: string; borrower?: string; person?: string; comment: string; hours?: string; until?: string },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const r = await api.post<LendResult>('/loans', {
          orgId: await resolveUnit(api, f.org),
          borrowerName: f.borrower ?? null,
          borrowerPersonId: f.person ? Number(f.person) : null,
          comment: f.comment,
          ...length(f),
        });
        if (wantsJson(cmd)) return printJson(r);
        out([
          ...loanLines(r.loan),
          `password    ${r.password}   (shown once: give it to the borrower now)`,
          ...(r.globalPoolLow
            ? ['note: the global pool is below its low-water mark; the administrators were told']
            : []),
        ]);
      },
    );

  loans
    .command('renew <id>')
    .description('extend a loan, at most 2 days from now')
    .option('--hours <n>', 'hours from now')
    .option('--until <time>', 'or until when')
    .option('--comment <text>')
    .action(async (id: string, f: { hours?: string; until?: string; comment?: string }, cmd: Command) => {
      const api = client(cmd);
      const l = (
        await api.request<LoanView>(`/loans/${Number(id)}/renewals`, {
          method: 'POST',
          body: { ...length(f), comment: f.comment ?? null },
          headers: { 'if-match': await loanEtag(api, id) },
        })
      ).data;
      if (wantsJson(cmd)) return printJson(l);
      out(loanLines(l));
    });

  loans
    .command('return <id>')
    .description('take the account back now: its password is reset')
    .option('--reason <text>')
    .action(async (id: string, f: { reason?: string }, cmd: Command) => {
      const api = client(cmd);
      const l = (
        await api.request<LoanView>(`/loans/${Number(id)}/return`, {
          method: 'POST',
          body: { reason: f.reason ?? null },
          headers: { 'if-match': await loanEtag(api, id) },
        })
      ).data;
      if (wantsJson(cmd)) return printJson(l);
      out(loanLines(l));
    });

  loans
    .command('show <id>')
    .description('one loan with its renewals')
    .action(async (id: string, _o, cmd: Command) => {
      const l = await client(cmd).get<LoanView>(`/loans/${Number(id)}`);
      if (wantsJson(cmd)) return printJson(l);
      out(loanLines(l));
    });

  loans
    .command('history')
    .description('who had which account when, newest first')
    .option('--account <username>', 'one account')
    .option('--org <code>', 'a department and the units below it')
    .option('--person <id>', 'a borrower by person id')
    .option('--borrower <name>', "part of a borrower's name")
    .option('--open', 'only current loans')
    .option('--limit <n>', 'how many', '100')
    .action(
      async (
        f: { account?: string; org?: string; person?: string; borrower?: string; open?: boolean; limit: string },
        cmd: Command,
      ) => {
        const api = client(cmd);
        let accountId: number | undefined;
        if (f.account) {
          const a = (await api.get<AccountView[]>('/loans/accounts')).find(
            (x) => x.username.toLowerCase() === f.account!.toLowerCase() || String(x.id) === f.account,
          );
          if (!a) throw new Error(`no temporary account ${f.account}`);
          accountId = a.id;
        }
        const page = await api.get<LoanPage>('/loans/history', {
          accountId,
          orgId: f.org ? await resolveUnit(api, f.org) : undefined,
          personId: f.person,
          borrower: f.borrower,
          open: f.open ? true : undefined,
          limit: f.limit,
        });
        if (wantsJson(cmd)) return printJson(page);
        printTable(page.items.map(loanRow));
      },
    );

  loans
    .command('sweep')
    .description('end every loan whose time is up now (what the temp-accounts job does)')
    .action(async (_o, cmd: Command) => {
      const r = await client(cmd).post<ExpiryResult>('/loans/sweep');
      if (wantsJson(cmd)) return printJson(r);
      out([`ended ${r.ended} loan${r.ended === 1 ? '' : 's'}${r.loans.length ? `: ${r.loans.join(', ')}` : ''}`]);
    });

  loans
    .command('settings')
    .description("show or set the global pool's low-water mark and extra alert addresses")
    .option('--low-water <n>')
    .option(
      '--alert <address>',
      'an extra address to warn (repeatable; "none" to clear)',
      (v: string, p: string[] = []) => [...p, v],
    )
    .action(async (f: { lowWater?: string; alert?: string[] }, cmd: Command) => {
      const api = client(cmd);
      const current = await api.request<LoanSettings>('/settings/loans');
      let s = current.data;
      if (f.lowWater !== undefined || f.alert) {
        const body = {
          lowWater: f.lowWater === undefined ? s.lowWater : Number(f.lowWater),
          alertAddresses: f.alert ? f.alert.filter((a) => a !== 'none') : s.alertAddresses,
        };
        s = (
          await api.request<typeof s>('/settings/loans', {
            method: 'PUT',
            body,
            headers: { 'if-match': current.headers.get('etag') ?? '"0"' },
          })
        ).data;
      }
      if (wantsJson(cmd)) return printJson(s);
      out([
        `low-water mark  ${s.lowWater}`,
        `alert addresses ${s.alertAddresses.join(', ') || '(system administrators only)'}`,
      ]);
    });
}
