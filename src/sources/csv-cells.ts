import { StringDecoder } from 'node:string_decoder';

/**
 * CSV records (RFC 4180: comma-separated, `"` quotes, `""` for a quote inside quotes, a
 * quoted cell may span lines) pulled from a byte stream one chunk at a time, for snapshots.
 * Written for speed: a line without a quote is split as it is, and only quoted cells are
 * read character by character. Each record comes with the line it ends on (the header is
 * line 1); empty lines are skipped but counted, a leading byte order mark is dropped,
 * "\r\n" and "\n" both end a line. A syntax error (a quote inside an unquoted cell, text
 * after a closing quote, a quote never closed) is yielded after every record before it and
 * ends the reading. Memory is bounded by a chunk plus the record being read. Pure. (The
 * people import reads CSV with csv-parse instead: `csvParseRecords` in
 * src/registry/csv-stream.ts, which throws the parser's error.)
 */
export type CsvItem = { line: number; cells: string[] } | { line: number; syntaxError: string };
/**
 * A record with its raw text (without its line end), for fingerprints; `cells` is null
 * for a record without quotes, whose cells are `raw.split(',')` (left to the caller, who
 * may not need them).
 */
export type RawCsvRecord =
  { line: number; raw: string; cells: string[] | null } | { line: number; syntaxError: string };

/** Reads quoted or mixed text from `start`; null if the text ends inside quotes and more may come. */
// Long by design: a hot character loop of the CSV fast path, kept whole for speed
// eslint-disable-next-line max-statements -- long by design, as said above
function readQuoted(
  text: string,
  start: number,
  line: number,
  final: boolean,
): { cells: string[]; end: number; lines: number } | { error: string; lines: number } | null {
  const cells: string[] = [];
  let i = start;
  let lines = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let cell = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) {
          if (!final) return null;
          return {
            error: `Quote Not Closed: the quote opened on line ${line} is not closed before the end of the file`,
            lines: lines + countLines(text, from, text.length),
          };
        }
        lines += countLines(text, from, q);
        cell += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          cell += '"';
          from = q + 2;
          continue;
        }
        if (q + 1 >= text.length && !final) return null;
        i = q + 1;
        break;
      }
      cells.push(cell);
      const c = text.charCodeAt(i);
      if (c === 44 /* , */) {
        i += 1;
        continue;
      }
      if (i >= text.length) return { cells, end: i, lines };
      if (c === 10) return { cells, end: i + 1, lines };
      if (c === 13 && text.charCodeAt(i + 1) === 10) return { cells, end: i + 2, lines };
      if (c === 13 && i + 1 >= text.length && !final) return null;
      return {
        error: `Invalid Closing Quote: found "${text[i]}" after the closing quote of cell ${cells.length} on line ${line + lines}`,
        lines,
      };
    }
    // An unquoted cell: up to the next comma or line end, and it may not hold a quote.
    let end = i;
    for (;;) {
      const c = text.charCodeAt(end);
      if (end >= text.length || c === 44 || c === 10) break;
      end += 1;
    }
    if (end >= text.length && !final) return null;
    let cell = text.slice(i, end);
    const lineEnd = end >= text.length || text.charCodeAt(end) === 10;
    if (lineEnd && cell.endsWith('\r')) cell = cell.slice(0, -1);
    if (cell.includes('"'))
      return {
        error: `Invalid Opening Quote: a quote is found in cell ${cells.length + 1} on line ${line + lines}, which does not start with one`,
        lines,
      };
    cells.push(cell);
    if (!lineEnd) {
      i = end + 1;
      continue;
    }
    return { cells, end: end >= text.length ? end : end + 1, lines };
  }
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/** Yields each record's cells with its line, or a syntax error (and then stops). */
export async function* csvCells(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<CsvItem> {
  for await (const it of rawCsvRecords(input))
    yield 'syntaxError' in it ? it : { line: it.line, cells: it.cells ?? it.raw.split(',') };
}

/** Yields each record's raw text (and its cells if it has quotes) with its line, or a syntax error (and then stops). */
export async function* rawCsvRecords(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<RawCsvRecord> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  let first = true;
  /** Reads the complete records of `text`; returns the unread rest, or null after a syntax error. */
  function* records(text: string, final: boolean): Generator<RawCsvRecord, string | null> {
    let pos = 0;
    let quote = -2;
    while (pos < text.length) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1 && !final) break;
      const stop = nl === -1 ? text.length : nl;
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (quote === -1 || quote > stop) {
        line += 1;
        let raw = text.slice(pos, stop);
        if (raw.endsWith('\r')) raw = raw.slice(0, -1);
        pos = stop + 1;
        if (raw !== '') yield { line, raw, cells: null };
        continue;
      }
      const read = readQuoted(text, pos, line + 1, final);
      if (read === null) break;
      if ('error' in read) {
        yield { line: line + 1 + read.lines, syntaxError: read.error };
        return null;
      }
      line += 1 + read.lines;
      let raw = text.slice(pos, read.end);
      if (raw.endsWith('\n')) raw = raw.slice(0, raw.endsWith('\r\n') ? -2 : -1);
      pos = read.end;
      yield { line, raw, cells: read.cells };
    }
    return text.slice(pos);
  }
  const take = (text: string) => {
    if (!first) return text;
    first = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  for await (const chunk of input) {
    const text =
      typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text === '') continue;
    const rest = yield* records(pending + take(text), false);
    if (rest === null) return;
    pending = rest;
  }
  const tail = decoder.end();
  const text = pending + (tail === '' ? '' : take(tail));
  if (text !== '') yield* records(text, true);
}
