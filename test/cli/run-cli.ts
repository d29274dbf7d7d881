import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runSteward } from '../../src/cli/program.ts';

const root = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Runs `steward …` in this process, as `bin/steward.js` does, with the given environment on
 * top of this process's, and returns what it printed and its exit code. Starting a process
 * per command cost a second or more each; `spawnCli` still runs the real program.
 */
export async function runCli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const code = await runSteward(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from([stdin ?? '']),
    env: { ...process.env, ...env },
    exitCode: 0,
  });
  // PassThrough hands written chunks to 'data' listeners on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs `bin/steward.js …` as a user would, in its own process on the project's pinned Node. */
export function spawnCli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'node'), [join(root, 'bin', 'steward.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}
