import { createWriteStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { FeedView } from '../../feeds/feed-store.ts';
import type { ChangesPage } from '../../feeds/feed-service.ts';
import { ApiError } from '../api-client.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';
import { cliIo, writeErr, writeOut } from '../io.ts';

/**
 * `steward feeds …`: outbound feeds — list, show, create and update from a JSON file,
 * delete, download the whole file (streamed to a file or stdout) and pull the changes since
 * your last pull (as JSON lines, one change a line, then the cursor on stderr).
 */
function feedLines(f: FeedView): string[] {
  const sel = f.selection;
  return [
    `${f.label} (feed ${f.name}, ${f.format}, version ${f.version})`,
    ...(f.description ? [`  ${f.description}`] : []),
    `  statuses   ${sel.statuses.join(', ') || 'any'}${sel.primaryOnly ? ' (primary only)' : ''}`,
    `  org units  ${sel.orgUnits.join(', ') || 'anywhere'}`,
    `  streams    ${sel.streams.map((s) => `${s.stream}.${s.field}=${s.value}`).join(', ') || 'any'}`,
    `  columns    ${f.columns.join(', ')}`,
    ...(f.ldif ? [`  ldif       ${f.ldif.rdnAttribute}=…,${f.ldif.baseDn}`] : []),
    `  schedule   ${f.schedule ?? 'on demand'}`,
    `  changes    ${f.lastSeq}, last generated ${f.lastGeneratedAt ?? 'never'}`,
  ];
}

function readDefinition(file: string): Record<string, unknown> {
  const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/** Registers `steward feeds …`. */
export function registerFeeds(program: Command): void {
  const feeds = program
    .command('feeds')
    .description('outbound feeds: selections of people as CSV, LDIF or JSON lines, and their changes');

  feeds
    .command('list')
    .description('every feed with its format and schedule')
    .action(async (_opts, cmd: Command) => {
      const list = await client(cmd).get<FeedView[]>('/feeds');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((f) => ({
          name: f.name,
          label: f.label,
          format: f.format,
          schedule: f.schedule ?? '',
          changes: f.lastSeq,
          generated: f.lastGeneratedAt ?? '',
        })),
      );
    });

  feeds
    .command('show <name>')
    .description('a feed definition')
    .action(async (name: string, _opts, cmd: Command) => {
      const f = await client(cmd).get<FeedView>(`/feeds/${name}`);
      if (wantsJson(cmd)) printJson(f);
      else out(feedLines(f));
    });

  feeds
    .command('create')
    .description('define a feed from a JSON file (name, format, selection, columns, ldif, schedule); - reads stdin')
    .requiredOption('--file <def.json>')
    .action(async (opts: { file: string }, cmd: Command) => {
      const f = await client(cmd).post<FeedView>('/feeds', readDefinition(opts.file));
      if (wantsJson(cmd)) printJson(f);
      else out(feedLines(f));
    });

  feeds
    .command('update <name>')
    .description('replace a feed definition from a JSON file (sent with the ETag just read)')
    .requiredOption('--file <def.json>')
    .action(async (name: string, opts: { file: string }, cmd: Command) => {
      const { name: _ignored, ...body } = readDefinition(opts.file);
      const f = await client(cmd).patch<FeedView>(`/feeds/${name}`, body, 'PUT');
      if (wantsJson(cmd)) printJson(f);
      else out(feedLines(f));
    });

  feeds
    .command('delete <name>')
    .description('delete a feed with its rows, changes and cursors')
    .action(async (name: string, _opts, cmd: Command) => {
      await client(cmd).delete(`/feeds/${name}`);
      out([`deleted feed ${name}`]);
    });

  feeds
    .command('output <name>')
    .description('the whole file as it is today, streamed to a file or stdout')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (name: string, opts: { output?: string }, cmd: Command) => {
      const { credentials } = client(cmd);
      const response = await fetch(`${credentials.url}/feeds/${name}/output`, {
        headers: credentials.token ? { authorization: `Bearer ${credentials.token}` } : {},
      });
      if (!response.ok || !response.body)
        throw new ApiError(response.status, await response.json().catch(() => ({ detail: response.statusText })));
      const body = Readable.fromWeb(response.body as never);
      if (opts.output) {
        await pipeline(body, createWriteStream(opts.output));
        writeErr(`wrote ${opts.output}\n`);
      } else {
        await pipeline(body, cliIo().stdout, { end: false });
      }
    });

  feeds
    .command('pull <name>')
    .description('the changes since your last pull (or since N), one JSON line each; moves your cursor')
    .option('--since <n>', 'fetch again the changes after sequence number N')
    .option('--limit <n>', 'at most this many changes (default 1000)')
    .action(async (name: string, opts: { since?: string; limit?: string }, cmd: Command) => {
      const body: Record<string, number> = {};
      if (opts.since !== undefined) body.since = Number(opts.since);
      if (opts.limit !== undefined) body.limit = Number(opts.limit);
      const page = await client(cmd).post<ChangesPage>(`/feeds/${name}/pulls`, body);
      if (wantsJson(cmd)) return printJson(page);
      for (const c of page.changes) writeOut(`${JSON.stringify(c)}\n`);
      writeErr(
        `${page.changes.length} change(s) after ${page.after}; cursor ${page.cursor}${page.more ? ' (more waiting: pull again)' : ''}\n`,
      );
    });
}
