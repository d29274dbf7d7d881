import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * A request body kept in a temporary file, so that a job can read it after the request was answered (a body cannot be
 * read once its response is sent). Counts its lines on the way: an upper bound of a CSV's rows (a quoted value may span
 * lines), the job's total until it is done.
 */
export interface Spooled {
  path: string;
  /** Lines, the last one counted even without its line break. */
  lines: number;
  open(): Readable;
  remove(): Promise<void>;
}

export async function spool(input: Readable | AsyncIterable<string | Uint8Array>): Promise<Spooled> {
  const dir = await mkdtemp(join(tmpdir(), 'steward-job-'));
  const path = join(dir, 'body');
  let lines = 0;
  let last = 10;
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(
      input,
      async function* count(source: AsyncIterable<string | Uint8Array>) {
        for await (const chunk of source) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines += 1;
          if (bytes.length) last = bytes[bytes.length - 1];
          yield bytes;
        }
      },
      createWriteStream(path),
    );
  } catch (e) {
    await remove();
    throw e;
  }
  return { path, lines: lines + (last === 10 ? 0 : 1), open: () => createReadStream(path), remove };
}
