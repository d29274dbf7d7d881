import { parse } from 'csv-parse';

/**
 * CSV records with their line numbers as the csv-parse library reads them (for the people
 * import), pulled from a byte stream one chunk at a time, so memory stays bounded by a chunk
 * and the source is read only as fast as the caller consumes records. Every record before a
 * syntax error is delivered before csv-parse's error (code `CSV_…`, with its `lines`) is
 * thrown (a streamed parser would drop records it had buffered). Snapshots read CSV with
 * `rawCsvRecords` (src/sources/csv-cells.ts) instead: their own reader, faster, which keeps
 * each record's raw text for fingerprints, yields a syntax error as an item rather than
 * throwing it, and counts a "\r\n" inside quotes as one line.
 */
export interface CsvParseRecord {
  record: string[];
  /** The line the record ends on (the header is line 1). */
  line: number;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Yields each CSV record with its line; throws a syntax error only after every record before it. */
export async function* csvParseRecords(input: AsyncIterable<string | Buffer>): AsyncGenerator<CsvParseRecord> {
  let queue: CsvParseRecord[] = [];
  let failure: Error | null = null;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record: string[], context: { lines: number }) => {
      queue.push({ record, line: context.lines });
      return undefined;
    },
  });
  parser.on('error', (e: Error) => {
    failure ??= e;
  });
  const ended = new Promise<void>((resolve) => {
    parser.once('end', resolve);
    parser.once('close', resolve);
  });
  parser.resume();
  const drain = () => {
    const out = queue;
    queue = [];
    return out;
  };
  for await (const chunk of input) {
    parser.write(chunk);
    yield* drain();
    await tick();
    if (failure) break;
  }
  if (!failure) {
    parser.end();
    await ended;
  }
  yield* drain();
  if (failure) throw failure;
}
