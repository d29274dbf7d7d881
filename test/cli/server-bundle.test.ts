import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServerBundle, bundleIsFresh, entryOf, root } from '../../scripts/build-server.ts';

// A bundle of its own inside the project (its chunks import the npm packages from the project's node_modules),
// so the one `steward serve` uses is left alone.
const dir = join(root, 'dist', `server-bundle-test-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const steward = (...args: string[]) =>
  execFileSync(process.execPath, [entryOf(dir), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env } });

describe('the server bundle (issue 19)', () => {
  it('runs the CLI as the source does, and goes stale when a module it holds changes', async () => {
    expect(bundleIsFresh(dir)).toBe(false); // nothing built yet
    const built = await buildServerBundle(dir);
    expect(built.inputs).toBeGreaterThan(400);
    expect(bundleIsFresh(dir)).toBe(true);

    // The bundled program: its commands, and the server's modules loaded on demand (`serve --help` loads none).
    expect(steward('--help')).toContain('serve');
    expect(steward('serve', '--help')).toContain('--data-dir');

    // A module of the bundle edited after the build: stale, so bin/steward.js runs the source (or rebuilds for serve).
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { inputs: string[] };
    expect(manifest.inputs).toContain('src/server/start.ts');
    const file = join(root, 'src', 'server', 'start.ts');
    const { atime, mtime } = statSync(file);
    try {
      utimesSync(file, atime, new Date(Date.now() + 1000));
      expect(bundleIsFresh(dir)).toBe(false);
    } finally {
      utimesSync(file, atime, mtime);
    }
    expect(bundleIsFresh(dir)).toBe(true);
  }, 120_000);
});
