import { StringDecoder } from 'node:string_decoder';

/**
 * Lines of text pulled from a byte stream one chunk at a time, for JSON-lines snapshots.
 * Memory stays bounded by a chunk plus one line: a line longer than `maxChars` is not
 * kept, only reported, and reading goes on at the next line. UTF-8 characters split
 * across chunks are joined; "\r\n" and "\n" both end a line. Pure (no I/O of its own).
 */
export type TextLine = { line: number; text: string } | { line: number; tooLong: true };

/** The longest JSON line kept by default (1 MiB of characters); a record is far smaller. */
export const MAX_LINE_CHARS = 1 << 20;

/** Yields each line with its number (1-based), or a too-long marker for a line over `maxChars`. */
export async function* textLines(
  input: AsyncIterable<string | Uint8Array>,
  maxChars = MAX_LINE_CHARS,
): AsyncGenerator<TextLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let overflow = false;
  let line = 0;
  const finish = (piece: string): TextLine => {
    line += 1;
    let whole = overflow ? null : pending + piece;
    pending = '';
    overflow = false;
    if (whole?.endsWith('\r')) whole = whole.slice(0, -1);
    if (whole === null || whole.length > maxChars) return { line, tooLong: true };
    return { line, text: whole };
  };
  const keep = (rest: string) => {
    if (overflow || rest === '') return;
    if (pending.length + rest.length > maxChars + 1) {
      overflow = true;
      pending = '';
    } else pending += rest;
  };
  for await (const chunk of input) {
    const text =
      typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      // A line exactly at the limit may still carry its "\r"; `finish` judges the length without it.
      if (!overflow && pending.length + (nl - start) > maxChars + 1) overflow = true;
      yield finish(overflow ? '' : text.slice(start, nl));
      start = nl + 1;
    }
    keep(text.slice(start));
  }
  keep(decoder.end());
  if (pending !== '' || overflow) yield finish('');
}
