import { parse } from 'csv-parse';

/**
 * CSV records with their line numbers, pulled from a byte stream one chunk at a time, so
 * memory stays bounded by a chunk and the source is read only as fast as the caller
 * consumes records. Every record before a syntax error is delivered before the error is
 * thrown (a streamed parser would drop records it had buffered).
 */
export interface CsvRecord {
  record: string[];
  /** The line the record ends on (the header is line 1). */
  line: number;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Yields each CSV record with its line; throws a syntax error only after every record before it. */
export async function* csvRecords(input: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  let queue: CsvRecord[] = [];
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
