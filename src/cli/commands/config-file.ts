import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ConfigDiffView } from '../../config-file/config-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { writeOut } from '../io.ts';
import { out, printJson } from '../output.ts';

/** `steward config …`: the configuration as one versionable file (issue 16): export, diff, apply. */
const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** The diff as lines a person reads: per section, + added, ~ changed (each field before → after), - removed. */
export function diffLines(diff: ConfigDiffView, verb: string): string[] {
  const lines: string[] = [];
  for (const [section, d] of Object.entries(diff)) {
    if (!d.added.length && !d.changed.length && !d.removed.length) continue;
    lines.push(`${section}: ${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed`);
    for (const k of d.added) lines.push(`  + ${k}`);
    for (const c of d.changed) {
      lines.push(`  ~ ${c.key}`);
      for (const f of c.fields) lines.push(`      ${f.field}: ${show(f.before)} → ${show(f.after)}`);
    }
    for (const k of d.removed) lines.push(`  - ${k}`);
  }
  return lines.length ? lines : [`No changes: the configuration ${verb} the file.`];
}

/** The file's text sent as YAML (JSON is YAML too), so problems name the line as well as the path. */
function sendFile(cmd: Command, path: string, file: string) {
  return client(cmd).request<ConfigDiffView>(path, {
    method: 'POST',
    raw: readFileSync(file, 'utf8'),
    headers: { 'content-type': 'application/yaml' },
  });
}

export function registerConfigFile(program: Command): void {
  const config = program
    .command('config')
    .description('the configuration as one file: export it, see what loading one would change, load it');

  config
    .command('export')
    .description('print the configuration (JSON; --yaml for YAML): natural keys, stable order, no secrets')
    .option('--yaml', 'YAML instead of JSON')
    .action(async (opts: { yaml?: boolean }, cmd: Command) => {
      const text = await client(cmd).get<unknown>('/config/export', { format: opts.yaml ? 'yaml' : 'json' });
      writeOut(typeof text === 'string' ? text : `${JSON.stringify(text, null, 2)}\n`);
    });

  config
    .command('diff <file>')
    .description('what loading the file (YAML or JSON) would change; changes nothing')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const { data } = await sendFile(cmd, '/config/diff', file);
      if (wantsJson(cmd)) printJson(data);
      else out(diffLines(data, 'already matches'));
    });

  config
    .command('apply <file>')
    .description('load the file in one transaction: everything in it, or nothing if any part is refused')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const { data } = await sendFile(cmd, '/config/apply', file);
      if (wantsJson(cmd)) printJson(data);
      else out(diffLines(data, 'already matched'));
    });
}
