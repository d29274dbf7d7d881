import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { exportCsv, neutraliseCell } from './csv-export.ts';

describe('CSV cells a spreadsheet would run as formulas', () => {
  it('puts a single quote before text starting with =, +, -, @, tab or carriage return', () => {
    for (const hostile of ['=HYPERLINK("http://x","y")', '@SUM(1+1)', '+1+1', "-2+3+cmd|' /C calc'!A0", '\tx', '\rx'])
      expect(neutraliseCell(hostile)).toBe(`'${hostile}`);
  });

  it('leaves other text, numbers and empty cells as they are; text that looks negative is quoted too', () => {
    expect(neutraliseCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell(' =x')).toBe(' =x');
    expect(neutraliseCell('')).toBe('');
    expect(neutraliseCell(null)).toBe('');
    expect(neutraliseCell(-3)).toBe(-3);
    expect(neutraliseCell('-3')).toBe("'-3");
  });

  it('writes RFC 4180 CSV whose cells read back neutralised', () => {
    const text = exportCsv([
      ['name', 'n'],
      ['=HYPERLINK("http://x","y")', 2],
      ['Müller, "Jo"', -1],
    ]);
    expect(parse(text)).toEqual([
      ['name', 'n'],
      ['\'=HYPERLINK("http://x","y")', '2'],
      ['Müller, "Jo"', '-1'],
    ]);
  });
});
