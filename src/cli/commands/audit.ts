import type { Command } from 'commander';
import { client, wantsJson } from '../context.ts';
import { printJson, printTable } from '../output.ts';
import { setExitCode, writeOut } from '../io.ts';
import { registerHeldChanges } from './held-changes.ts';

interface Change {
  position: number;
  at: string;
  entityType: string;
  entityId: string;
  op: string;
  data: unknown;
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  audit
    .command('verify')
    .description('recompute the hash chain; exits 1 if any row was edited, inserted or removed')
    .action(async (_opts, cmd: Command) => {
      const report = await client(cmd).post<{
        ok: boolean;
        checked: number;
        headSeq: number;
        headHash: string;
        problems: { seq: number; problem: string }[];
      }>('/audit/verify');
      if (wantsJson(cmd)) printJson(report);
      else {
        writeOut(
          `${report.ok ? 'OK' : 'TAMPERED'}: ${report.checked} rows checked; head ${report.headSeq} ${report.headHash}\n`,
        );
        for (const p of report.problems) writeOut(`  row ${p.seq}: ${p.problem}\n`);
      }
      if (!report.ok) setExitCode(1);
    });
  audit
    .command('list')
    .description('recent audit entries, newest first')
    .option('--target-type <type>')
    .option('--target-id <id>')
    .option('--actor <name>')
    .option('--action <prefix>')
    .option('--limit <n>', 'how many', '50')
    .action(
      async (
        opts: { targetType?: string; targetId?: string; actor?: string; action?: string; limit: string },
        cmd: Command,
      ) => {
        const rows = await client(cmd).get<Record<string, unknown>[]>('/audit', { ...opts, limit: Number(opts.limit) });
        if (wantsJson(cmd)) printJson(rows);
        else printTable(rows, ['seq', 'at', 'actor', 'action', 'targetType', 'targetId', 'reason']);
      },
    );

  const changes = program.command('changes').description('the ordered change log, and changes held by the guard');
  registerHeldChanges(changes);
  changes
    .command('tail')
    .description(
      'print the last changes as JSON lines, like tail: the last 20 by default (--last), or every change after a ' +
        'position (--after); --follow then keeps printing new changes as they come',
    )
    .option('--after <n>', 'start after this position instead of the last few')
    .option('--last <n>', 'how many of the latest changes to print first, without --after', '20')
    .option('--follow', 'keep waiting for new changes')
    .option('--interval <ms>', 'poll interval with --follow', '1000')
    .action(async (opts: { after?: string; last: string; follow?: boolean; interval: string }, cmd: Command) => {
      const api = client(cmd);
      // Positions are gapless, so the last N start after head - N.
      let after: number =
        opts.after === undefined
          ? Math.max(0, (await api.get<{ head: number }>('/changes', { after: 0, limit: 1 })).head - Number(opts.last))
          : Number(opts.after);
      for (;;) {
        const page = await api.get<{ changes: Change[]; next: number; head: number }>('/changes', {
          after,
          limit: 1000,
        });
        for (const c of page.changes) writeOut(`${JSON.stringify(c)}\n`);
        after = page.next;
        if (page.changes.length === 1000) continue;
        if (!opts.follow) break;
        await new Promise((r) => setTimeout(r, Number(opts.interval)));
      }
    });
}
