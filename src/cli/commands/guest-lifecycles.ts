import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Lifecycle } from '../../guests/guest-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';

/** `steward guests lifecycles …`: list, show, and put a lifecycle from a JSON file. */
export function registerGuestLifecycles(guests: Command): void {
  const lifecycles = guests
    .command('lifecycles')
    .description('lifecycles: states, transitions, who triggers them, timed rules');
  lifecycles
    .command('list')
    .description('every lifecycle')
    .action(async (_o, cmd: Command) => {
      const list = await client(cmd).get<Lifecycle[]>('/guest-lifecycles');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((l) => ({
          name: l.name,
          label: l.label,
          states: l.states.map((s) => s.name).join(' '),
          transitions: l.transitions.length,
        })),
      );
    });
  lifecycles
    .command('show <name>')
    .description('one lifecycle')
    .action(async (name: string, _o, cmd: Command) => {
      const l = await client(cmd).get<Lifecycle>(`/guest-lifecycles/${name}`);
      if (wantsJson(cmd)) return printJson(l);
      out([
        `${l.name}: ${l.label} (requests start ${l.initial}, direct entries ${l.entry})`,
        ...l.transitions.map(
          (t) =>
            `  ${t.name.padEnd(14)} ${t.from.join('|')} → ${t.to}  by ${t.by.join(', ')}${t.when ? `  when ${JSON.stringify(t.when)}` : ''}`,
        ),
      ]);
    });
  lifecycles
    .command('put <name> <file>')
    .description('create or replace a lifecycle from a JSON file')
    .action(async (name: string, file: string, _o, cmd: Command) => {
      const api = client(cmd);
      const existing = await api.request<Lifecycle>(`/guest-lifecycles/${name}`).catch(() => null);
      const saved = await api.request<Lifecycle>(`/guest-lifecycles/${name}`, {
        method: 'PUT',
        body: JSON.parse(readFileSync(file, 'utf8')),
        headers: { 'if-match': existing?.headers.get('etag') ?? '"0"' },
      });
      if (wantsJson(cmd)) printJson(saved.data);
      else out([`saved lifecycle ${name}`]);
    });
}
