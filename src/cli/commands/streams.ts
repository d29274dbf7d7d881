import type { Command } from 'commander';
import { type FieldType, type FieldValue, valueFromText } from '../../status/stream-fields.ts';
import type { HasAnswer, Stream, StreamValues, WhoPage } from '../../status/stream-schemas.ts';
import type { ApiClient } from '../api-client.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';
import { resolvePerson, resolveType } from './status.ts';
import { setExitCode } from '../io.ts';

/**
 * `steward streams …`: auxiliary status streams — list, show (fields and the values per
 * status type), add a stream, add a field, set values, "who has stream/field/value" and
 * "does a person have it" (exit code 2 when not, for scripts).
 */
const shown = (v: FieldValue | null) => (v === null ? '' : String(v));

function streamLines(s: Stream): string[] {
  return [
    `${s.label} (stream ${s.name}, version ${s.version}) managed by office ${s.accessRole}`,
    ...(s.description ? [`  ${s.description}`] : []),
    '  fields',
    ...(s.fields.length === 0
      ? ['    none']
      : s.fields.map(
          (f) =>
            `    ${f.name.padEnd(20)} ${f.type}${f.type === 'enum' ? ` (${f.options.join(', ')})` : ''}${f.length ? ` length ${f.length}` : ''}${f.default !== null ? ` default ${f.default}` : ''}  rank ${f.displayRank}`,
        )),
  ];
}

async function fieldTypeOf(api: ApiClient, stream: string, field: string): Promise<FieldType> {
  const s = await api.get<Stream>(`/streams/${stream}`);
  const f = s.fields.find((x) => x.name === field);
  if (!f)
    throw new Error(
      `stream ${stream} has no field ${field}; fields: ${s.fields.map((x) => x.name).join(', ') || 'none'}`,
    );
  return f.type;
}

/** Registers `steward streams …`. */
export function registerStreams(program: Command): void {
  const streams = program
    .command('streams')
    .description('auxiliary status streams: values per status type, managed by an office');

  streams
    .command('list')
    .description('every stream with its office and fields')
    .action(async (_opts, cmd: Command) => {
      const list = await client(cmd).get<Stream[]>('/streams');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((s) => ({
          name: s.name,
          label: s.label,
          office: s.accessRole,
          fields: s.fields.map((f) => f.name).join(', '),
        })),
      );
    });

  streams
    .command('show <stream>')
    .description("a stream: its fields, and each status type's values (* = set, otherwise the default)")
    .action(async (name: string, _opts, cmd: Command) => {
      const api = client(cmd);
      const [s, values] = [
        await api.get<Stream>(`/streams/${name}`),
        await api.get<StreamValues>(`/streams/${name}/values`),
      ];
      if (wantsJson(cmd)) return printJson({ ...s, values: values.rows });
      out([...streamLines(s), '  values']);
      printTable(
        values.rows.map((r) => ({
          id: r.statusTypeId,
          status: r.statusType,
          ...Object.fromEntries(
            s.fields.map((f) => [f.name, `${shown(r.values[f.name])}${r.set.includes(f.name) ? '*' : ''}`]),
          ),
        })),
      );
    });

  streams
    .command('add <name>')
    .description('define a stream managed by an office (system administrators)')
    .requiredOption('--office <office>', 'the office whose holders manage the values, e.g. library')
    .option('--label <text>')
    .option('--description <text>')
    .action(async (name: string, opts: { office: string; label?: string; description?: string }, cmd: Command) => {
      const s = await client(cmd).post<Stream>('/streams', {
        name,
        accessRole: opts.office,
        label: opts.label,
        description: opts.description,
      });
      if (wantsJson(cmd)) printJson(s);
      else out(streamLines(s));
    });

  const field = streams.command('field').description('the fields of a stream');
  field
    .command('add <stream> <field>')
    .description('add a field (text, number, boolean, date or enum)')
    .requiredOption('--type <type>', 'text | number | boolean | date | enum')
    .option('--options <a,b,c>', 'the values of an enum field, comma separated')
    .option('--length <n>', 'longest text or enum value')
    .option('--default <value>', 'what status types without a value have')
    .option('--rank <n>', 'column order in the form (lowest first)')
    .option('--label <text>')
    .action(
      async (
        stream: string,
        name: string,
        opts: { type: FieldType; options?: string; length?: string; default?: string; rank?: string; label?: string },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const current = await api.request<Stream>(`/streams/${stream}`);
        const body = {
          name,
          type: opts.type,
          label: opts.label,
          options: opts.options ? opts.options.split(',').map((o) => o.trim()) : undefined,
          length: opts.length === undefined ? undefined : Number(opts.length),
          default: opts.default === undefined ? undefined : valueFromText(opts.type, opts.default),
          displayRank: opts.rank === undefined ? undefined : Number(opts.rank),
        };
        const s = await api.request<Stream>(`/streams/${stream}/fields`, {
          method: 'POST',
          body,
          headers: { 'if-match': current.headers.get('etag') ?? '' },
        });
        if (wantsJson(cmd)) printJson(s.data);
        else out(streamLines(s.data));
      },
    );

  streams
    .command('set <stream> <statusType> <assignments...>')
    .description('set values for a status type (id or name): field=value …; field= resets it to the default')
    .action(async (stream: string, typeRef: string, assignments: string[], _opts, cmd: Command) => {
      const api = client(cmd);
      const typeId = await resolveType(api, typeRef);
      const current = await api.request<StreamValues>(`/streams/${stream}/values`);
      const typeOf = new Map(current.data.fields.map((f) => [f.name, f.type]));
      const values: Record<string, unknown> = {};
      for (const pair of assignments) {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`${pair}: write it as field=value`);
        const name = pair.slice(0, at);
        const text = pair.slice(at + 1);
        values[name] = text === '' ? null : valueFromText(typeOf.get(name) ?? 'text', text);
      }
      const saved = await api.request<StreamValues>(`/streams/${stream}/values`, {
        method: 'PUT',
        body: { values: { [typeId]: values } },
        headers: { 'if-match': current.headers.get('etag') ?? '' },
      });
      const row = saved.data.rows.find((r) => r.statusTypeId === typeId)!;
      if (wantsJson(cmd)) return printJson(row);
      out([
        `${row.statusType} in ${stream}: ${saved.data.fields.map((f) => `${f.name}=${shown(row.values[f.name])}${row.set.includes(f.name) ? '' : ' (default)'}`).join(', ')}`,
      ]);
    });

  streams
    .command('who <stream> <field> <value>')
    .description('everyone who holds, on a day, a status with this stream/field/value')
    .option('--on <YYYY-MM-DD>', 'the day (default today)')
    .option('--limit <n>', 'how many', '50')
    .option('--offset <n>', 'skip this many', '0')
    .action(
      async (
        stream: string,
        fieldName: string,
        value: string,
        opts: { on?: string; limit: string; offset: string },
        cmd: Command,
      ) => {
        const page = await client(cmd).get<WhoPage>(`/streams/${stream}/people`, {
          field: fieldName,
          value,
          on: opts.on,
          limit: Number(opts.limit),
          offset: Number(opts.offset),
        });
        if (wantsJson(cmd)) return printJson(page);
        out([
          `${stream}/${page.field}/${page.value} on ${page.on}: ${page.total} ${page.total === 1 ? 'person' : 'people'}`,
        ]);
        printTable(
          page.items.map((p) => ({
            id: p.personId,
            name: p.displayName,
            because: p.because.map((b) => b.statusType).join(', '),
          })),
        );
      },
    );

  streams
    .command('has <person> <stream> <field> <value>')
    .description(
      'whether a person (id or identifier) has a stream/field/value today or --on a day; exit code 2 when not',
    )
    .option('--on <YYYY-MM-DD>', 'the day (default today)')
    .action(
      async (ref: string, stream: string, fieldName: string, value: string, opts: { on?: string }, cmd: Command) => {
        const api = client(cmd);
        await fieldTypeOf(api, stream, fieldName);
        const id = await resolvePerson(api, ref);
        const a = await api.get<HasAnswer>(`/people/${id}/streams/${stream}`, { field: fieldName, value, on: opts.on });
        if (wantsJson(cmd)) printJson(a);
        else
          out([
            a.has
              ? `yes: person ${id} has ${stream}/${a.field}/${a.value} on ${a.on} as ${a.because.map((b) => b.statusType).join(', ')}`
              : `no: person ${id} does not have ${stream}/${a.field}/${a.value} on ${a.on}`,
          ]);
        if (!a.has) setExitCode(2);
      },
    );
}
