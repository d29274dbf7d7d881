import type { Command } from 'commander';
import type { Source } from '../../sources/source-schemas.ts';
import { client, collect, wantsJson } from '../context.ts';
import { printJson, printTable } from '../output.ts';
import { writeOut } from '../io.ts';

interface SourceOptions {
  label?: string;
  description?: string;
  kind: string[];
  threshold?: string;
  createPeople?: boolean;
  reviewNearMatches?: boolean;
}

/** The settings a command line gives, over `base` (the current ones when updating). */
function settingsFrom(opts: SourceOptions, base: Partial<Source> = {}): Record<string, unknown> {
  const threshold =
    opts.threshold === undefined
      ? base.holdThreshold
      : Number(opts.threshold.replace(/%$/, '')) / (opts.threshold.endsWith('%') ? 100 : 1);
  return {
    label: opts.label ?? base.label,
    description: opts.description ?? base.description,
    kinds: opts.kind.length ? opts.kind : base.kinds,
    holdThreshold: threshold,
    createPeople: opts.createPeople ?? base.createPeople,
    reviewNearMatches: opts.reviewNearMatches ?? base.reviewNearMatches,
  };
}

function show(cmd: Command, s: Source): void {
  if (wantsJson(cmd)) return printJson(s);
  const lines = [
    `${s.name} — ${s.label}`,
    s.description && `  ${s.description}`,
    `  delivers: ${s.kinds.length ? s.kinds.join(', ') : 'any kind of affiliation'}`,
    `  held when a snapshot changes more than ${(s.holdThreshold * 100).toFixed(1).replace(/\.0$/, '')} % of its records`,
    `  unmatched records ${s.createPeople ? 'create people' : 'wait for review'}; near-matches ${s.reviewNearMatches ? 'are flagged for review' : 'are matched'}`,
    `  ${s.affiliations} affiliation(s) on record; version ${s.version}`,
  ];
  writeOut(`${lines.filter(Boolean).join('\n')}\n`);
}

function addSettingOptions(c: Command): Command {
  return c
    .option('--description <text>')
    .option('--kind <kind>', 'an affiliation kind it delivers (repeatable; none = any)', collect, [])
    .option('--threshold <share>', 'hold snapshots changing more than this share of records: 0.1 or 10%')
    .option('--create-people', 'create a person when no one matches a record')
    .option('--no-create-people', 'leave unmatched records for review')
    .option('--review-near-matches', 'flag near-matches for review')
    .option('--no-review-near-matches', 'match near-matches without review');
}

/** `steward sources …`: the systems of record that feed Steward. */
export function registerSources(program: Command): void {
  const sources = program.command('sources').description('systems of record (HR, student records, housing, lists)');

  sources
    .command('list')
    .description('registered sources')
    .action(async (_opts, cmd: Command) => {
      const all = await client(cmd).get<Source[]>('/sources');
      if (wantsJson(cmd)) return printJson(all);
      printTable(
        all.map((s) => ({
          name: s.name,
          label: s.label,
          kinds: s.kinds.join(', ') || 'any',
          threshold: `${s.holdThreshold * 100} %`,
          affiliations: s.affiliations,
        })),
      );
    });

  sources
    .command('show <name>')
    .description('one source and its settings')
    .action(async (name: string, _opts, cmd: Command) =>
      show(cmd, await client(cmd).get<Source>(`/sources/${encodeURIComponent(name)}`)),
    );

  addSettingOptions(
    sources
      .command('add <name>')
      .description('register a source')
      .requiredOption('--label <text>', 'what people call it, e.g. "Human Resources"'),
  ).action(async (name: string, opts: SourceOptions, cmd: Command) => {
    show(cmd, await client(cmd).post<Source>('/sources', { name, ...settingsFrom(opts) }));
  });

  addSettingOptions(
    sources
      .command('update <name>')
      .description("change a source's settings (the others stay)")
      .option('--label <text>'),
  ).action(async (name: string, opts: SourceOptions, cmd: Command) => {
    const api = client(cmd);
    const path = `/sources/${encodeURIComponent(name)}`;
    const { data: current, headers } = await api.request<Source>(path);
    const etag = headers.get('etag') ?? '';
    show(
      cmd,
      (
        await api.request<Source>(path, {
          method: 'PUT',
          body: settingsFrom(opts, current),
          headers: { 'if-match': etag },
        })
      ).data,
    );
  });
}
