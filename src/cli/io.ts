import { AsyncLocalStorage } from 'node:async_hooks';
import type { Readable, Writable } from 'node:stream';

/**
 * Where one CLI run reads and writes: the process's own streams and environment when
 * `steward` runs as a program, or a caller's buffers when it runs in-process (the tests).
 */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Set by a command that finished but must report a failure (1: problems found, 2: held or absent). */
  exitCode: number;
}

const current = new AsyncLocalStorage<CliIo>();
let processIo: CliIo | undefined;

/** The run's streams and environment (the process's outside any run). */
export function cliIo(): CliIo {
  return (
    current.getStore() ??
    (processIo ??= {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      exitCode: 0,
    })
  );
}

/** Runs `fn` with `io` as the CLI's streams and environment, for everything it awaits. */
export function withCliIo<T>(io: CliIo, fn: () => Promise<T>): Promise<T> {
  return current.run(io, fn);
}

export function writeOut(text: string): void {
  cliIo().stdout.write(text);
}

export function writeErr(text: string): void {
  cliIo().stderr.write(text);
}

/** The exit code the run ends with, unless an error ends it first. */
export function setExitCode(code: number): void {
  cliIo().exitCode = code;
}
