import type { Command } from 'commander';
import type { ApiClient } from './api-client.ts';
import { client, etagOf, wantsJson } from './context.ts';
import { out, printJson, printTable } from './output.ts';

/**
 * What the guest and membership request commands share: deciding a request with the version just read as If-Match
 * (so a request someone decided meanwhile is refused with 409 rather than decided twice), and printing a list.
 */
export async function decideRequest<T>(api: ApiClient, path: string, action: string, comment?: string): Promise<T> {
  return (
    await api.request<T>(`${path}/${action}`, {
      method: 'POST',
      body: { comment: comment ?? null },
      headers: { 'if-match': await etagOf(api, path) },
    })
  ).data;
}

/** `<name> <id> [--comment]` under `parent` per decision: posts `action` to `<base>/<id>`, prints the request. */
export function addDecisionCommands<T>(
  parent: Command,
  base: string,
  decisions: readonly (readonly [name: string, action: string, description: string])[],
  lines: (r: T) => string[],
): void {
  for (const [name, action, description] of decisions)
    parent
      .command(`${name} <id>`)
      .description(description)
      .option('--comment <text>')
      .action(async (id: string, f: { comment?: string }, cmd: Command) => {
        const r = await decideRequest<T>(client(cmd), `${base}/${Number(id)}`, action, f.comment);
        return wantsJson(cmd) ? printJson(r) : out(lines(r));
      });
}

/** A list as JSON (--json), a table of its rows, or `empty` when there is nothing. */
export function printList<T>(cmd: Command, list: T[], empty: string, rows: (list: T[]) => Record<string, unknown>[]) {
  if (wantsJson(cmd)) return printJson(list);
  if (list.length === 0) return out([empty]);
  printTable(rows(list));
}
