#!/usr/bin/env node
// Launches the Steward CLI on the Node.js pinned by the project (the `node` package),
// whatever node is first on PATH: Steward's TypeScript runs on Node 24's type stripping.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'src', 'cli', 'main.ts');
const major = Number(process.versions.node.split('.')[0]);
if (major >= 24) {
  await import(main);
} else {
  const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    console.error(`steward needs Node.js 24 or later (this is ${process.version}); run npm install in ${root} first`);
    process.exit(1);
  }
  // The relaunched CLI is a child: signals sent to this process (a service manager's SIGTERM, Ctrl+C, a closed
  // terminal) go on to it, so stopping the launcher stops the server rather than leaving it running alone; the
  // launcher then ends as the child did.
  const child = spawn(pinned, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
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
