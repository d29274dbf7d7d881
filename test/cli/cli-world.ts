import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { type CliResult, runCli } from './run-cli.ts';

export interface CliWorld {
  t: TestApp;
  url: string;
  dir: string;
  steward: (...args: string[]) => Promise<CliResult>;
  as: (token: string) => (...args: string[]) => Promise<CliResult>;
}

/**
 * A listening Steward (its own, or the current one `app` returns, which its maker closes), a temp `dir`, and `steward
 * …` as the admin or `as(token)`.
 */
export function useCliWorld(options: { start?: string; app?: () => TestApp } = {}): CliWorld {
  const dir = mkdtempSync(join(tmpdir(), 'steward-cli-'));
  const world = {
    dir,
    as:
      (token: string) =>
      (...args: string[]) =>
        runCli(args, { STEWARD_URL: world.url, STEWARD_TOKEN: token, STEWARD_CREDENTIALS: join(dir, 'none.json') }),
    steward: (...args: string[]) => world.as(world.t.tokens.admin)(...args),
  } as CliWorld;
  const serve = async (t: TestApp) => {
    world.t = t;
    world.url = await t.server.listen({ host: '127.0.0.1', port: 0 });
  };
  const { app } = options;
  if (app) {
    beforeEach(async () => (app() === world.t ? undefined : serve(app())));
  } else {
    beforeAll(async () => serve(await makeTestApp({ start: options.start })));
    afterAll(() => world.t.close());
  }
  return world;
}
