import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { loadCredentials, saveCredentials } from '../api-client.ts';
import type { SessionUser } from '../../platform/http/account-schemas.ts';
import { out, printJson } from '../output.ts';
import { type GlobalOptions, client, wantsJson } from '../context.ts';
import { whoamiLines } from './whoami-format.ts';
import { cliIo, writeErr, writeOut } from '../io.ts';

async function readPassword(prompt: string): Promise<string> {
  const given = cliIo().env.STEWARD_PASSWORD;
  if (given) return given;
  const rl = createInterface({ input: cliIo().stdin, output: cliIo().stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput?: (s: string) => void; output: NodeJS.WriteStream };
  output._writeToOutput = (s: string) => {
    if (s.includes(prompt)) writeErr(s);
  };
  const answer = await rl.question(prompt);
  rl.close();
  writeErr('\n');
  return answer;
}

export function registerSession(program: Command): void {
  program
    .command('login')
    .description('sign in with a password and save an API token for later commands')
    .requiredOption('-u, --username <name>', 'account name')
    .action(async (opts: { username: string }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const base = loadCredentials({ url: globals.url });
      const password = await readPassword(`Password for ${opts.username} at ${base.url}: `);
      const response = await fetch(`${base.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: opts.username, password }),
      });
      if (!response.ok)
        throw new Error(
          `sign-in failed: ${((await response.json()) as { detail?: string }).detail ?? response.status}`,
        );
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
      const created = await fetch(`${base.url}/tokens`, {
        method: 'POST',
        // A change made with the session cookie names the origin it is made for (the server's cross-site check).
        headers: { 'content-type': 'application/json', cookie, origin: new URL(base.url).origin },
        body: JSON.stringify({ name: `cli on ${cliIo().env.HOSTNAME ?? 'this machine'}` }),
      });
      if (!created.ok)
        throw new Error(`could not create a token: ${((await created.json()) as { detail?: string }).detail}`);
      const { token } = (await created.json()) as { token: string };
      const file = saveCredentials({ url: base.url, token });
      writeErr(`Signed in as ${opts.username}; token saved in ${file}\n`);
    });

  program
    .command('whoami')
    .description('show the account the CLI acts as: its roles with their scopes and when its token expires')
    .action(async (_opts, cmd: Command) => {
      const api = client(cmd);
      const me = await api.get<SessionUser>('/auth/me');
      if (wantsJson(cmd)) printJson(me);
      else out(await whoamiLines(api, me));
    });

  const tokens = program.command('tokens').description('API tokens');
  tokens
    .command('create')
    .description('create an API token (printed once)')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--user <id>', 'for another account (administrators)')
    .option('--expires <iso>', 'expiry time, ISO 8601')
    .action(async (opts: { name: string; user?: string; expires?: string }, cmd: Command) => {
      const r = await client(cmd).post<{ token: string }>('/tokens', {
        name: opts.name,
        userId: opts.user ? Number(opts.user) : undefined,
        expiresAt: opts.expires,
      });
      writeOut(`${r.token}\n`);
    });
}
