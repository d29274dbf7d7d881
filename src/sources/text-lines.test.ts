import { describe, expect, it } from 'vitest';
import { type TextLine, textLines } from './text-lines.ts';

async function lines(chunks: (string | Uint8Array)[], max?: number): Promise<TextLine[]> {
  async function* input() {
    yield* chunks;
  }
  const out: TextLine[] = [];
  for await (const l of textLines(input(), max)) out.push(l);
  return out;
}

describe('lines of a byte stream', () => {
  it('joins characters and line ends split across chunks', async () => {
    const bytes = Buffer.from('añ😀\r\nb\n\nc', 'utf8');
    const oneByOne = [...bytes].map((b) => Uint8Array.of(b));
    expect(await lines(oneByOne)).toEqual([
      { line: 1, text: 'añ😀' },
      { line: 2, text: 'b' },
      { line: 3, text: '' },
      { line: 4, text: 'c' },
    ]);
  });

  it('gives no extra empty line after a final line end', async () => {
    expect(await lines(['a\n', 'b\n'])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
    ]);
    expect(await lines([])).toEqual([]);
  });

  it('reports a line over the limit without keeping it, and goes on at the next line', async () => {
    const got = await lines(['ok\n12345', '678', '9\nabcde\r\n', 'abcdef'], 5);
    expect(got).toEqual([
      { line: 1, text: 'ok' },
      { line: 2, tooLong: true },
      { line: 3, text: 'abcde' },
      { line: 4, tooLong: true },
    ]);
  });
});
