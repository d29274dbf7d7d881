import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CalendarView, Resolved } from '../../calendars/calendar-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';

/**
 * `steward calendars list|show|set|resolve`: institution calendars (working days, holidays, terms), one for the
 * institution and others for org subtrees, and the date a duration comes to on them.
 */
const weekdays = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

async function byName(cmd: Command, name: string): Promise<CalendarView | null> {
  const list = await client(cmd).get<CalendarView[]>('/calendars');
  return list.find((c) => c.name === name) ?? null;
}

export function calendarLines(c: CalendarView): string[] {
  const d = c.definition;
  return [
    `${c.name}: ${c.label} (${c.orgCode ? `the subtree of ${c.orgCode}` : 'the whole institution'}), version ${c.version}`,
    `  working days  ${d.workingDays.map((w) => weekdays[w] ?? String(w)).join(' ')}`,
    ...d.holidays.map((h) => `  holiday       ${h.date}  ${h.name}`),
    ...d.terms.flatMap((t) => [
      `  term          ${t.start} to ${t.end}  ${t.name}`,
      ...t.breaks.map((b) => `    break       ${b.start} to ${b.end}  ${b.name}`),
    ]),
  ];
}

export function registerCalendars(program: Command): void {
  const calendars = program.command('calendars').description('institution calendars: working days, holidays, terms');
  calendars
    .command('list')
    .description('every calendar and where it applies')
    .action(async (_o, cmd: Command) => {
      const list = await client(cmd).get<CalendarView[]>('/calendars');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((c) => ({
          name: c.name,
          label: c.label,
          applies: c.orgCode ?? '(institution)',
          holidays: c.definition.holidays.length,
          terms: c.definition.terms.length,
        })),
      );
    });
  calendars
    .command('show <name>')
    .description('one calendar: its working days, holidays, terms and breaks')
    .action(async (name: string, _o, cmd: Command) => {
      const found = await byName(cmd, name);
      if (!found) throw new Error(`calendar ${name} does not exist`);
      if (wantsJson(cmd)) return printJson(found);
      out(calendarLines(found));
    });
  calendars
    .command('set <name> <file>')
    .description('create or replace a calendar from a JSON file: {label, orgId?, definition}')
    .action(async (name: string, file: string, _o, cmd: Command) => {
      const body = JSON.parse(readFileSync(file, 'utf8')) as {
        label: string;
        orgId?: number | null;
        definition: unknown;
      };
      const api = client(cmd);
      const found = await byName(cmd, name);
      const saved = found
        ? await api.patch<CalendarView>(`/calendars/${found.id}`, { label: body.label, definition: body.definition })
        : await api.post<CalendarView>('/calendars', { ...body, name });
      if (wantsJson(cmd)) return printJson(saved);
      out([`${found ? 'replaced' : 'created'} calendar ${name} (version ${saved.version})`]);
    });
  calendars
    .command('resolve')
    .description('the date a duration from a day comes to on a calendar')
    .requiredOption('--from <date>', 'the first day, YYYY-MM-DD')
    .requiredOption('--amount <n>', 'how many (for end-of-term: how many terms after the current one)')
    .option('--unit <unit>', 'days, working-days or end-of-term', 'days')
    .option('--calendar <name>', 'this calendar (default: the one that applies to --org-unit, else the institution)')
    .option('--org-unit <id>', 'the unit whose calendar applies (the nearest up its tree)')
    .action(
      async (o: { from: string; amount: string; unit: string; calendar?: string; orgUnit?: string }, cmd: Command) => {
        const query = { from: o.from, amount: o.amount, unit: o.unit };
        let path = '/calendars/resolve';
        if (o.calendar) {
          const found = await byName(cmd, o.calendar);
          if (!found) throw new Error(`calendar ${o.calendar} does not exist`);
          path = `/calendars/${found.id}/resolve`;
        }
        const r = await client(cmd).get<Resolved>(
          path,
          o.orgUnit && !o.calendar ? { ...query, orgUnit: o.orgUnit } : query,
        );
        if (wantsJson(cmd)) return printJson(r);
        out([
          `${r.date}  (${r.amount} ${r.unit} from ${r.from} on ${r.calendar ? r.calendar.name : 'Monday to Friday, no calendar'})`,
        ]);
      },
    );
}
