import type { Command } from 'commander';
import type {
  HeldChange,
  HeldChangeDetail,
  MassChangePreview,
} from '../../platform/mass-change/held-change-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';

type Preview = MassChangePreview;

/** A preview in lines: the counts, then each person with what they gain, lose and see changed. */
export function previewLines(p: Preview): string[] {
  const c = p.counts;
  const lines = [
    `${c.people} people affected: ${c.gains} gained, ${c.losses} lost, ${c.changes} changed; ${c.units} units changed`,
  ];
  for (const person of p.people) {
    lines.push(`  ${person.name} (${person.id})`);
    for (const [sign, effects] of [
      ['+', person.gains],
      ['-', person.losses],
      ['~', person.changes],
    ] as const)
      for (const e of effects) lines.push(`    ${sign} ${e.kind} ${e.name}: ${e.detail}`);
  }
  if (p.truncated) lines.push(`  … and ${c.people - p.people.length} more`);
  return lines;
}

function detailLines(h: HeldChangeDetail): string[] {
  return [
    `held change ${h.id}: ${h.kind}, ${h.subject}`,
    `  ${h.state}; asked by ${h.requestedBy} at ${h.requestedAt}; affects ${h.affected} (threshold ${h.holdAbove})`,
    ...(h.decidedBy
      ? [`  decided by ${h.decidedBy} at ${h.decidedAt}${h.decisionReason ? `: ${h.decisionReason}` : ''}`]
      : []),
    ...previewLines(h.preview),
  ];
}

/** `steward changes held …`: the changes the mass-change guard held, and `steward changes threshold`. */
export function registerHeldChanges(changes: Command): void {
  const held = changes.command('held').description('changes the mass-change guard held for an administrator');
  held
    .command('list')
    .description('held changes, newest first')
    .option('--state <state>', 'held, released or discarded')
    .option('--limit <n>', 'how many', '100')
    .action(async (opts: { state?: string; limit: string }, cmd: Command) => {
      const rows = await client(cmd).get<HeldChange[]>('/held-changes', {
        state: opts.state,
        limit: Number(opts.limit),
      });
      if (wantsJson(cmd)) printJson(rows);
      else printTable(rows, ['id', 'kind', 'state', 'affected', 'subject', 'requestedBy', 'requestedAt']);
    });
  held
    .command('show <id>')
    .description('a held change with its preview: who gains and loses what')
    .action(async (id: string, _opts, cmd: Command) => {
      const h = await client(cmd).get<HeldChangeDetail>(`/held-changes/${id}`);
      if (wantsJson(cmd)) printJson(h);
      else out(detailLines(h));
    });
  held
    .command('release <id>')
    .description('apply a held change as it was asked')
    .action(async (id: string, _opts, cmd: Command) => {
      const h = await client(cmd).post<HeldChangeDetail>(`/held-changes/${id}/release`);
      if (wantsJson(cmd)) printJson(h);
      else out([`released held change ${h.id} (${h.kind}): ${h.subject}`]);
    });
  held
    .command('discard <id>')
    .description('drop a held change; nothing of it is applied')
    .option('--reason <text>', 'why, kept with it and in the audit trail')
    .action(async (id: string, opts: { reason?: string }, cmd: Command) => {
      const h = await client(cmd).post<HeldChangeDetail>(`/held-changes/${id}/discard`, { reason: opts.reason });
      if (wantsJson(cmd)) printJson(h);
      else out([`discarded held change ${h.id} (${h.kind}): ${h.subject}`]);
    });
  changes
    .command('threshold [people]')
    .description('show, or set, how many people a change may affect before it is held')
    .action(async (people: string | undefined, _opts, cmd: Command) => {
      const api = client(cmd);
      const saved =
        people === undefined
          ? await api.get<{ holdAbove: number }>('/settings/mass-change')
          : await api.patch<{ holdAbove: number }>('/settings/mass-change', { holdAbove: Number(people) }, 'PUT');
      if (wantsJson(cmd)) printJson(saved);
      else out([`a change affecting more than ${saved.holdAbove} people is held for an administrator`]);
    });
}

/**
 * Prints a guarded route's answer when it did not apply the change (a dry run's preview, or the hold with its id) and
 * says true; false for an applied change, which the command prints as before.
 */
export function reportUnapplied(cmd: Command, answer: unknown): boolean {
  const a = answer as { dryRun?: boolean; held?: boolean; id?: number; message?: string; preview?: Preview };
  if (!a || (a.dryRun !== true && a.held !== true) || !a.preview) return false;
  if (wantsJson(cmd)) printJson(a);
  else
    out([
      a.message ?? '',
      ...previewLines(a.preview),
      ...(a.held ? [`held as change ${a.id}: steward changes held release ${a.id} (or discard ${a.id})`] : []),
    ]);
  return true;
}
