import { createReadStream, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { Command } from 'commander';
import type { RequestOptions } from './api-client.ts';
import { client, wantsJson } from './context.ts';
import { cliIo } from './io.ts';

/**
 * Streams a file to the API as a request body, with a progress bar of the bytes the server
 * has taken (on a terminal, and not with --json). Every import and snapshot command uses it.
 */
export async function uploadFile<T>(
  cmd: Command,
  file: string,
  path: string,
  options: { contentType: string; query?: RequestOptions['query'] },
): Promise<{ data: T; sent: number; total: number }> {
  const { default: cliProgress } = await import('cli-progress'); // loaded by the commands that show a bar
  const total = statSync(file).size;
  const showBar = cliIo().stderr.isTTY && !wantsJson(cmd);
  const bar = new cliProgress.SingleBar(
    { format: 'uploading {bar} {percentage}% | {value}/{total} bytes', stream: cliIo().stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  if (showBar) bar.start(total, 0);
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      if (showBar) bar.update(sent);
      done(null, chunk);
    },
  });
  const body = Readable.toWeb(createReadStream(file).pipe(counter)) as unknown as ReadableStream<Uint8Array>;
  try {
    const { data } = await client(cmd).request<T>(path, {
      method: 'POST',
      raw: body,
      headers: { 'content-type': options.contentType },
      query: options.query,
    });
    return { data, sent, total };
  } finally {
    if (showBar) bar.stop();
  }
}
