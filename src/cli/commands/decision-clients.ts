import type { Command } from 'commander';
import type { CreatedDecisionClient, DecisionClient } from '../../platform/http/decision-client-schemas.ts';
import { client, collect, wantsJson } from '../context.ts';
import { minuteUtc, out, printJson, printTable } from '../output.ts';

/**
 * `steward decision-clients …`: programs that may only ask the decision point (POST /check, /check/batch), for named
 * applications or all. `create` prints the client secret once; `revoke` ends the client and its tokens.
 */
export function registerDecisionClients(program: Command): void {
  const clients = program
    .command('decision-clients')
    .description('decision clients: programs that may only ask access decisions (system administrators)');

  clients
    .command('list')
    .description('every decision client, its applications and whether it is revoked (never its secret)')
    .action(async (_o, cmd: Command) => {
      const list = await client(cmd).get<DecisionClient[]>('/decision-clients');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((c) => ({
          name: c.name,
          label: c.label,
          applications: c.applications === null ? '(all)' : c.applications.join(', '),
          created: `${minuteUtc(c.createdAt)} by ${c.createdBy}`,
          'last used': minuteUtc(c.lastUsedAt),
          revoked: minuteUtc(c.revokedAt),
        })),
      );
    });

  clients
    .command('create <name>')
    .description('create a client; prints its client id and secret, shown this once')
    .requiredOption('--label <text>', 'what the program is')
    .option('--application <name>', 'limit it to this application (repeat for more; none: every application)', collect)
    .action(async (name: string, f: { label: string; application?: string[] }, cmd: Command) => {
      const created = await client(cmd).post<CreatedDecisionClient>('/decision-clients', {
        name,
        label: f.label,
        applications: f.application?.length ? f.application : null,
      });
      if (wantsJson(cmd)) return printJson(created);
      out([
        `client id      ${created.clientId}`,
        `client secret  ${created.clientSecret}`,
        `applications   ${created.client.applications?.join(', ') ?? '(all)'}`,
        '',
        'The secret is shown this once. The program asks POST /check with HTTP Basic (client id and secret),',
        'or exchanges them at POST /oauth/token (grant_type=client_credentials) for an access token.',
      ]);
    });

  clients
    .command('rotate <name>')
    .description('give a client a new secret, printed this once; the old secret and its tokens stop working')
    .action(async (name: string, _o, cmd: Command) => {
      const api = client(cmd);
      const current = (await api.get<DecisionClient[]>('/decision-clients')).find((c) => c.name === name);
      const rotated = await api.post<CreatedDecisionClient>(
        `/decision-clients/${encodeURIComponent(name)}/secret`,
        {},
        current ? { 'if-match': `"${current.version}"` } : {},
      );
      if (wantsJson(cmd)) return printJson(rotated);
      out([`client id      ${rotated.clientId}`, `client secret  ${rotated.clientSecret}`, '', 'Shown this once.']);
    });

  clients
    .command('revoke <name>')
    .description('revoke a client: its credentials and tokens stop working at once')
    .action(async (name: string, _o, cmd: Command) => {
      const api = client(cmd);
      const current = (await api.get<DecisionClient[]>('/decision-clients')).find((c) => c.name === name);
      await api.request(`/decision-clients/${encodeURIComponent(name)}`, {
        method: 'DELETE',
        headers: current ? { 'if-match': `"${current.version}"` } : {},
      });
      out([`revoked ${name}`]);
    });
}
