import type { Command } from 'commander';
import { client, wantsJson } from '../context.ts';
import { printJson } from '../output.ts';
import { writeOut } from '../io.ts';

/** `steward people mint | identify | affiliate | end-affiliation`: identifiers and affiliations. */
export function registerPersonChanges(people: Command): void {
  people
    .command('mint <id> <kind>')
    .description('mint an identifier: id-number, username or email (reserved to the person for good)')
    .action(async (id: string, kind: string, _opts, cmd: Command) => {
      const minted = await client(cmd).post<{ kind: string; value: string }>(`/people/${id}/mint`, { kind });
      if (wantsJson(cmd)) printJson(minted);
      else writeOut(`${minted.value}\n`);
    });

  people
    .command('identify <id> <kind> <value>')
    .description('attach an identifier to a person (e.g. identify 42 source-key E42 --scope hr)')
    .option('--scope <scope>', 'the source, for source keys')
    .action(async (id: string, kind: string, value: string, opts: { scope?: string }, cmd: Command) => {
      const added = await client(cmd).post(`/people/${id}/identifiers`, {
        kind,
        value,
        ...(opts.scope ? { scope: opts.scope } : {}),
      });
      if (wantsJson(cmd)) printJson(added);
      else writeOut(`added ${kind} ${value} to person ${id}\n`);
    });

  people
    .command('affiliate <id>')
    .description('affiliate a person to an org unit')
    .requiredOption('--org <id>', 'org unit id')
    .requiredOption('--kind <kind>', 'e.g. staff, student, visitor')
    .option('--title <title>')
    .option('--from <YYYY-MM-DD>', 'valid from')
    .option('--to <YYYY-MM-DD>', 'valid to (inclusive)')
    .action(
      async (
        id: string,
        opts: { org: string; kind: string; title?: string; from?: string; to?: string },
        cmd: Command,
      ) => {
        const body = {
          orgId: Number(opts.org),
          kind: opts.kind,
          ...(opts.title ? { title: opts.title } : {}),
          ...(opts.from ? { validFrom: opts.from } : {}),
          ...(opts.to ? { validTo: opts.to } : {}),
        };
        const aff = await client(cmd).post<{ id: number; orgCode: string }>(`/people/${id}/affiliations`, body);
        if (wantsJson(cmd)) printJson(aff);
        else writeOut(`affiliation ${aff.id}: person ${id} is ${opts.kind} in ${aff.orgCode}\n`);
      },
    );

  people
    .command('end-affiliation <id> <affiliationId>')
    .description('end an affiliation on a date (default: today)')
    .option('--on <YYYY-MM-DD>', 'last day it holds')
    .action(async (id: string, affId: string, opts: { on?: string }, cmd: Command) => {
      const on = opts.on ?? new Date().toISOString().slice(0, 10);
      const api = client(cmd);
      const list = await api.request<{ id: number; version: number }[]>(`/people/${id}/affiliations`);
      const current = list.data.find((a) => a.id === Number(affId));
      if (!current) throw new Error(`person ${id} has no affiliation ${affId}`);
      const { data } = await api.request(`/people/${id}/affiliations/${affId}`, {
        method: 'PATCH',
        body: { validTo: on },
        headers: { 'if-match': `"${current.version}"` },
      });
      if (wantsJson(cmd)) printJson(data);
      else writeOut(`affiliation ${affId} ends on ${on}\n`);
    });
}
