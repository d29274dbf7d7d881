import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unit } from '../access/world.ts';
import { useCliWorld } from './cli-world.ts';
import { runCli, spawnCli } from './run-cli.ts';

describe('steward CLI against a running server', () => {
  const cli = useCliWorld();
  const credentials = join(cli.dir, 'credentials.json');

  it('logs in with a password and saves a token that later commands use', async () => {
    const login = await runCli(['login', '-u', 'root', '--url', cli.url], {
      STEWARD_PASSWORD: 'correct horse battery',
      STEWARD_CREDENTIALS: credentials,
    });
    expect(login.stderr).toContain('Signed in as root');
    expect(login.code).toBe(0);
    const saved = JSON.parse(readFileSync(credentials, 'utf8'));
    expect(saved).toMatchObject({ url: cli.url, token: expect.stringMatching(/^stw_/) });
    const whoami = await runCli(['whoami'], { STEWARD_CREDENTIALS: credentials });
    expect(whoami.stdout).toMatch(/^user: +root \(/);
    const json = await runCli(['--json', 'whoami'], { STEWARD_CREDENTIALS: credentials });
    expect(JSON.parse(json.stdout)).toMatchObject({ username: 'root' });
  });

  it('whoami prints the account, its roles with their scopes and when its token expires as lines, JSON with --json', async () => {
    const expires = new Date(cli.t.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const token = (await cli.steward('tokens', 'create', '--name', 'whoami test', '--expires', expires)).stdout.trim();
    const whoami = await cli.as(token)('whoami');
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toMatch(/^user: +root/);
    expect(whoami.stdout).toMatch(/^roles: +sysadmin +everywhere$/m);
    expect(whoami.stdout).toContain(`expires: ${expires}`);
    const never = await cli.steward('whoami');
    expect(never.stdout).toMatch(/^expires: never/m);
    const json = JSON.parse((await cli.as(token)('--json', 'whoami')).stdout);
    expect(json).toMatchObject({ username: 'root', credentialExpiresAt: expires });
  });

  it('refuses a wrong password with a clear message and a failing exit code', async () => {
    const login = await runCli(['login', '-u', 'root', '--url', cli.url], {
      STEWARD_PASSWORD: 'wrong',
      STEWARD_CREDENTIALS: join(tmpdir(), 'unused.json'),
    });
    expect(login.code).toBe(1);
    expect(login.stderr).toContain('unknown username or wrong password');
  });

  it('verifies the audit chain and exits 1 when it was tampered with', async () => {
    const auditor = cli.as(cli.t.tokens.auditor);
    const ok = await auditor('audit', 'verify');
    expect(ok.stdout).toMatch(/^OK: \d+ rows checked/);
    expect(ok.code).toBe(0);
    const first = await cli.t.db().selectFrom('audit_log').select('seq').orderBy('seq').executeTakeFirstOrThrow();
    await cli.t.db().updateTable('audit_log').set({ actor: 'somebody else' }).where('seq', '=', first.seq).execute();
    const bad = await auditor('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('TAMPERED');
    expect(bad.stdout).toContain(`row ${first.seq}:`);
  });

  it('tails the change log from a cursor as JSON lines', async () => {
    const auditor = cli.as(cli.t.tokens.auditor);
    const all = await auditor('changes', 'tail', '--after', '0');
    const lines = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.position)).toEqual(lines.map((_, i) => i + 1));
    const rest = await auditor('changes', 'tail', '--after', String(lines[0].position));
    expect(rest.stdout.trim().split('\n')).toHaveLength(lines.length - 1);
  });

  it('tails only the latest changes without --after: the last 20, or --last N, ending at the head', async () => {
    const root = await unit(cli.t, 'TAILROOT');
    for (let i = 0; i < 21; i += 1) await unit(cli.t, `TAIL${i}`, root);
    const auditor = cli.as(cli.t.tokens.auditor);
    const all = (await auditor('changes', 'tail', '--after', '0')).stdout.trim().split('\n');
    const head = JSON.parse(all[all.length - 1]).position;
    expect(head).toBeGreaterThan(20);
    const positions = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).position);
    const tail = await auditor('changes', 'tail');
    expect(tail.code).toBe(0);
    expect(positions(tail.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => head - 19 + i));
    expect(positions((await auditor('changes', 'tail', '--last', '3')).stdout)).toEqual([head - 2, head - 1, head]);
    expect((await auditor('changes', 'tail', '--help')).stdout).toContain('the last 20 by default');
  });

  it('says how to reach the server when it is not running (bin/steward.js in its own process)', async () => {
    const r = await spawnCli(['whoami'], { STEWARD_URL: 'http://127.0.0.1:9', STEWARD_TOKEN: 'stw_x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot reach Steward at http://127.0.0.1:9');
  });

  it('runs as its own program: prints the answer on stdout and exits 0, or 1 with the usage for an unknown command', async () => {
    const env = { STEWARD_URL: cli.url, STEWARD_TOKEN: cli.t.tokens.auditor };
    const whoami = await spawnCli(['whoami'], env);
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toMatch(/^user: +auditor/);
    const usage = await spawnCli(['people', 'nonsense'], env);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("unknown command 'nonsense'");
  });
});
