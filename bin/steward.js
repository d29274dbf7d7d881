#!/usr/bin/env node
// Launches the Steward CLI on the Node.js pinned by the project (the `node` package),
// whatever node is first on PATH: Steward's TypeScript runs on Node 24's type stripping.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  // Node keeps the compiled code on disk (the system temporary directory, or NODE_COMPILE_CACHE): a restart loads
  // the modules faster. Enabled before any of Steward's modules, the bundle's included.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache();
  await import(await entry(process.argv.slice(2)));
} else {
  const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    console.error(`steward needs Node.js 24 or later (this is ${process.version}); run npm install in ${root} first`);
    process.exit(1);
  }
  // The relaunched CLI is a child: signals sent to this process (a service manager's SIGTERM, Ctrl+C, a closed
  // terminal) go on to it, so stopping the launcher stops the server rather than leaving it running alone; the
  // launcher then ends as the child did.
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.on('error', (e) => {
    console.error(`steward could not start ${pinned}: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // End by the same signal, as a shell expects; our own handlers are removed so it is not forwarded again.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}

/**
 * The server's bundle (dist/server, `node scripts/build-server.ts`) when it is fresh, else the TypeScript source;
 * `serve` builds a missing or stale bundle first (a restart then loads a few files rather than ~1,500 modules), and
 * runs the source when it cannot (no rolldown on an install without development dependencies). STEWARD_BUNDLE=false
 * always runs the source.
 */
async function entry(args) {
  const source = join(root, 'src', 'cli', 'main.ts');
  if (/^(0|false|no|off)$/i.test(process.env.STEWARD_BUNDLE ?? '')) return source;
  try {
    const bundle = await import(join(root, 'scripts', 'build-server.ts'));
    if (bundle.bundleIsFresh()) return bundle.bundleEntry;
    if (!args.includes('serve')) return source;
    await bundle.buildServerBundle();
    return bundle.bundleEntry;
  } catch (e) {
    if (args.includes('serve'))
      console.error(`steward: running from source (the server bundle could not be built: ${e.message})`);
    return source;
  }
}
