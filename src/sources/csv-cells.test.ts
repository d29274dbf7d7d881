import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvParseRecords } from '../registry/csv-stream.ts';
import { csvCells, type CsvItem } from './csv-cells.ts';

async function* chunked(text: string, sizes: number[]): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  let i = 0;
  for (let k = 0; i < bytes.length; k += 1) {
    const n = sizes[k % sizes.length];
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

async function all(input: AsyncIterable<string | Uint8Array>): Promise<CsvItem[]> {
  const out: CsvItem[] = [];
  for await (const it of csvCells(input)) out.push(it);
  return out;
}

describe('reading CSV cells', () => {
  it('reads what csv-parse reads, with the same lines, however the bytes are split', async () => {
    const odd = ['plain', '', 'with, comma', 'with "quotes"', 'two\nlines', 'Ødegård 😀', ' spaced ', '"', ','];
    const rows: string[][] = [];
    for (let i = 0; i < 400; i += 1) rows.push([`R${i}`, odd[i % odd.length], odd[(i * 3) % odd.length], String(i)]);
    const body = stringify(rows, { record_delimiter: 'unix' }).split('\n');
    const text = '\uFEFF' + body.map((l, i) => (i % 37 === 5 ? `${l}\n` : l)).join('\n'); // with blank lines here and there
    const expected: { line: number; cells: string[] }[] = [];
    for await (const r of csvParseRecords(
      (async function* () {
        yield text;
      })(),
    ))
      expected.push({ line: r.line, cells: r.record });
    for (const sizes of [[1], [2, 7], [13, 1, 300], [1 << 16]])
      expect(await all(chunked(text, sizes))).toEqual(expected);
    // Windows line ends (inside quotes too): the same records on the same lines.
    const windows = expected.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.replaceAll('\n', '\r\n')) }));
    for (const sizes of [[1], [13, 1, 300]])
      expect(await all(chunked(text.replaceAll('\n', '\r\n'), sizes))).toEqual(windows);
  });

  it('counts a line end inside quotes once, as an editor does (csv-parse counts "\\r\\n" twice)', async () => {
    expect(await all(chunked('R1,"two\nlines",x\nR2,"crlf\r\ninside",y\n\nR3,z,"a ""q"""\n', [5]))).toEqual([
      { line: 2, cells: ['R1', 'two\nlines', 'x'] },
      { line: 4, cells: ['R2', 'crlf\r\ninside', 'y'] },
      { line: 6, cells: ['R3', 'z', 'a "q"'] },
    ]);
  });

  it('reports a syntax error on its line after every record before it, and stops', async () => {
    expect(await all(chunked('a,b\nc,d"x\ne,f\n', [3]))).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, syntaxError: expect.stringMatching(/Opening Quote/) },
    ]);
    expect(await all(chunked('a,b\n"c"x,d\ne,f\n', [5]))).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, syntaxError: expect.stringMatching(/Closing Quote/) },
    ]);
    expect(await all(chunked('a,b\nc,"d\ne,f\n', [4]))).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 4, syntaxError: expect.stringMatching(/Not Closed/) },
    ]);
  });

  it('reads a last line without a line end, and nothing from empty input', async () => {
    expect(await all(chunked('a,b\r\n"c",""', [1]))).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', ''] },
    ]);
    expect(await all(chunked('', [1]))).toEqual([]);
    expect(await all(chunked('\n\n', [1]))).toEqual([]);
  });
});
