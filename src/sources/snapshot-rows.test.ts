import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type AffiliationRecord,
  type SnapshotHeader,
  type SnapshotItem,
  readCsvRow,
  readJsonRow,
  readRecordObject,
  readSnapshot,
  readSnapshotHeader,
} from './snapshot-rows.ts';

const header = (cells: string[]) => {
  const read = readSnapshotHeader(cells);
  expect(read.errors).toEqual([]);
  return read.header as SnapshotHeader;
};
const rules = (errors: { line: number; field: string; rule: string }[]) =>
  errors.map((e) => `${e.line} ${e.field} ${e.rule}`);
const minimal = ['record_key', 'person_key', 'kind', 'org_code'];

/** A stream of `text` in pieces of the given sizes (cycled), as bytes, so characters and line ends are split. */
function chunked(text: string, sizes: number[]): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i += 1) {
    const size = sizes[i % sizes.length];
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Readable.from(pieces, { objectMode: true });
}

async function all(items: AsyncIterable<SnapshotItem>): Promise<SnapshotItem[]> {
  const out: SnapshotItem[] = [];
  for await (const it of items) out.push(it);
  return out;
}

describe('the snapshot CSV header', () => {
  it('accepts the documented columns in any order and case, and attr.<name> columns', () => {
    const h = header(['Org Code', 'record_key', 'KIND', 'person-key', 'codes', 'attr.building', 'valid_to']);
    expect(h.columns).toEqual([
      { field: 'orgCode' },
      { field: 'recordKey' },
      { field: 'kind' },
      { field: 'personKey' },
      { field: 'codes' },
      { attribute: 'building' },
      { field: 'validTo' },
    ]);
  });

  it('refuses unknown, repeated, badly named attribute and missing required columns, naming each', () => {
    const { header: h, errors } = readSnapshotHeader(['record_key', 'shoe_size', 'kind', 'kind', 'attr.', 'attr.a b!']);
    expect(h).toBeUndefined();
    expect(rules(errors)).toEqual([
      '1 shoe_size unknown-column',
      '1 kind duplicate-column',
      '1 attr. pattern',
      '1 attr.a b! pattern',
      '1 person_key required-column',
      '1 org_code required-column',
    ]);
  });
});

describe('a snapshot CSV row', () => {
  it('becomes a record in normal form', () => {
    const h = header([
      ...minimal,
      'given_name',
      'family_name',
      'middle_name',
      'email',
      'id_number',
      'username',
      'title',
      'codes',
      'valid_from',
      'valid_to',
      'birth_date',
      'attr.room',
      'attr.phone',
    ]);
    const { record, errors } = readCsvRow(
      h,
      [
        ' E1-1 ',
        'E1',
        'staff',
        'CHEM',
        ' Zoë  Anne ',
        'Ødegård',
        '',
        'Zoe@Example.ORG',
        's00000018',
        'ZOEO',
        'Lecturer',
        'FT; ACAD ;;FT',
        '2024-09-01',
        '',
        '1990-02-28',
        'B12',
        '',
      ],
      2,
    );
    expect(errors).toEqual([]);
    expect(record).toEqual({
      recordKey: 'E1-1',
      personKey: 'E1',
      kind: 'staff',
      orgCode: 'CHEM',
      givenName: 'Zoë Anne',
      familyName: 'Ødegård',
      email: 'zoe@example.org',
      idNumber: 'S00000018',
      username: 'zoeo',
      title: 'Lecturer',
      codes: ['FT', 'ACAD'],
      validFrom: '2024-09-01',
      birthDate: '1990-02-28',
      attributes: { room: 'B12' },
    });
    expect(record).not.toHaveProperty('middleName');
    expect(record).not.toHaveProperty('validTo');
  });

  it('reports every missing key with its column and line', () => {
    const h = header([...minimal, 'title']);
    const { record, errors } = readCsvRow(h, ['', ' ', '', '', 'Dr'], 9);
    expect(record).toBeUndefined();
    expect(rules(errors)).toEqual([
      '9 record_key required',
      '9 person_key required',
      '9 kind required',
      '9 org_code required',
    ]);
    expect(errors[0].message).toBe('must not be empty');
  });

  it('refuses dates that are not real YYYY-MM-DD calendar days', () => {
    const h = header([...minimal, 'birth_date', 'valid_from', 'valid_to']);
    for (const bad of ['2023-02-30', '2023-2-01', '01/02/2023', '2023-13-01', '2024-02-30']) {
      expect(rules(readCsvRow(h, ['R', 'P', 'staff', 'X', bad, '', ''], 3).errors)).toEqual([
        '3 birth_date format:date',
      ]);
    }
    expect(readCsvRow(h, ['R', 'P', 'staff', 'X', '2024-02-29', '', ''], 3).record?.birthDate).toBe('2024-02-29');
    expect(rules(readCsvRow(h, ['R', 'P', 'staff', 'X', '', '2025-01-32', '2025-00-10'], 4).errors)).toEqual([
      '4 valid_from format:date',
      '4 valid_to format:date',
    ]);
  });

  it('refuses real days outside the sane range, 1900-01-01 to 9999-12-31, with the rule date-range', () => {
    const h = header([...minimal, 'birth_date', 'valid_from', 'valid_to']);
    const refused = readCsvRow(h, ['R', 'P', 'staff', 'X', '1899-12-31', '1850-06-01', ''], 3).errors;
    expect(rules(refused)).toEqual(['3 birth_date date-range', '3 valid_from date-range']);
    expect(refused[0].message).toBe('must be on or after 1900-01-01');
    expect(readCsvRow(h, ['R', 'P', 'staff', 'X', '1900-01-01', '', '9999-12-31'], 4).errors).toEqual([]);
  });

  it('refuses an end before the start, but accepts a one-day affiliation', () => {
    const h = header([...minimal, 'valid_from', 'valid_to']);
    const { errors } = readCsvRow(h, ['R', 'P', 'staff', 'X', '2025-07-01', '2025-06-30'], 5);
    expect(errors).toEqual([
      { line: 5, field: 'valid_to', rule: 'after-valid-from', message: '2025-06-30 is before valid_from 2025-07-01' },
    ]);
    expect(readCsvRow(h, ['R', 'P', 'staff', 'X', '2025-07-01', '2025-07-01'], 6).errors).toEqual([]);
  });

  it('refuses malformed identifiers, over-long values and lines with the wrong number of fields', () => {
    const h = header([...minimal, 'email', 'username', 'id_number']);
    expect(rules(readCsvRow(h, ['R', 'P', 'staff', 'X', 'nope', 'Bad Name!', 'A B'], 7).errors)).toEqual([
      '7 email format:email',
      '7 id_number format:id-number',
      '7 username format:username',
    ]);
    expect(rules(readCsvRow(h, ['R', 'P', 'x'.repeat(41), 'X', '', '', ''], 8).errors)).toEqual(['8 kind max-length']);
    expect(readCsvRow(h, ['R', 'P'], 9).errors).toEqual([
      { line: 9, field: 'row', rule: 'column-count', message: 'has 2 fields; the header has 7' },
    ]);
  });
});

describe('a snapshot JSON line', () => {
  it('gives the same record as the same facts in CSV', () => {
    const h = header([...minimal, 'given_name', 'family_name', 'codes', 'email', 'attr.room']);
    const fromCsv = readCsvRow(
      h,
      ['K1', 'P1', 'student', 'MATH', 'Ana', 'Silva', 'UG;Y2', 'Ana@Uni.EDU', '  B12 '],
      2,
    ).record;
    const fromJson = readJsonRow(
      JSON.stringify({
        orgCode: 'MATH',
        recordKey: 'K1',
        personKey: 'P1',
        kind: 'student',
        givenName: ' Ana',
        familyName: 'Silva',
        codes: ['UG', 'Y2', 'UG'],
        email: 'ana@uni.edu',
        attributes: { room: 'B12' },
        title: null,
        middleName: '',
      }),
      1,
    ).record;
    expect(fromJson).toEqual(fromCsv);
  });

  it('names wrong types by their key and reports them once', () => {
    const { errors } = readJsonRow(
      JSON.stringify({
        recordKey: 17,
        personKey: 'P',
        kind: 'staff',
        orgCode: 'X',
        codes: ['A', 2],
        attributes: { room: 12, ok: 'y', gone: null },
        validFrom: true,
      }),
      4,
    );
    expect(rules(errors)).toEqual([
      '4 recordKey type:string',
      '4 codes[1] type:string',
      '4 attributes.room type:string',
      '4 validFrom type:string',
    ]);
    expect(errors[0].message).toBe('must be a string, not a number');
    expect(
      rules(
        readJsonRow('{"recordKey":"R","personKey":"P","kind":"k","orgCode":"X","codes":"A;B","attributes":["x"]}', 5)
          .errors,
      ),
    ).toEqual(['5 codes type:array', '5 attributes type:object']);
  });

  it('refuses unknown fields, bad attribute names, non-objects and malformed JSON', () => {
    expect(
      rules(
        readJsonRow(
          '{"recordKey":"R","personKey":"P","kind":"k","orgCode":"X","org_code":"X","attributes":{"Room":"1"}}',
          2,
        ).errors,
      ),
    ).toEqual(['2 org_code unknown-field', '2 attributes.Room pattern']);
    expect(readJsonRow('[1,2]', 3).errors).toEqual([
      { line: 3, field: 'row', rule: 'type:object', message: 'a record is a JSON object, not an array' },
    ]);
    expect(rules(readJsonRow('{"recordKey": "R",', 4).errors)).toEqual(['4 row format:json']);
    expect(rules(readRecordObject({ personKey: 'P', kind: 'k', orgCode: 'X' }, 1).errors)).toEqual([
      '1 recordKey required',
    ]);
  });
});

/**
 * A CSV snapshot of `n` records with names that need more than one byte in UTF-8, a quoted field with a line break,
 * CRLF line ends, and a bad date every 500th line.
 */
function csvSnapshot(n: number): string {
  const lines = ['record_key,person_key,given_name,family_name,kind,org_code,title,codes,valid_from,attr.note'];
  for (let i = 0; i < n; i += 1) {
    const date = i % 500 === 499 ? '2025-02-30' : '2025-01-15';
    const note = i % 250 === 0 ? '"two\nlines, with comma"' : `n${i}`;
    lines.push(`R${i},P${i % 997},Zoë-${i},Ødegård 😀,staff,ORG${i % 7},"Lecturer, ""senior""",A;B,${date},${note}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('reading a whole snapshot as a stream', () => {
  it('reads a CSV of thousands of lines split at awkward byte boundaries, with the right line for each', async () => {
    const n = 3000;
    const text = csvSnapshot(n);
    for (const sizes of [[1, 2, 3], [7], [13, 64, 5], [4096]]) {
      const items = await all(readSnapshot(chunked(text, sizes), 'csv'));
      expect(items).toHaveLength(n);
      const records = items.filter((it): it is { line: number; record: AffiliationRecord } => 'record' in it);
      expect(records).toHaveLength(n - 6);
      expect(records[1].record).toEqual({
        recordKey: 'R1',
        personKey: 'P1',
        givenName: 'Zoë-1',
        familyName: 'Ødegård 😀',
        kind: 'staff',
        orgCode: 'ORG1',
        title: 'Lecturer, "senior"',
        codes: ['A', 'B'],
        validFrom: '2025-01-15',
        attributes: { note: 'n1' },
      });
      expect(records[0].record.attributes.note).toBe('two\nlines, with comma');
      const errors = items.filter((it) => 'errors' in it);
      // Record i is on line i + 2, one more for each multi-line note before it (records 0, 250, …), which ends on the
      // next line.
      const lineOf = (i: number) => i + 2 + Math.floor(i / 250) + 1;
      expect(errors.map((e) => e.line)).toEqual([499, 999, 1499, 1999, 2499, 2999].map(lineOf));
      expect(items[2999]).toMatchObject({
        line: lineOf(2999),
        errors: [{ line: lineOf(2999), field: 'valid_from', rule: 'format:date' }],
      });
    }
  });

  it('reads JSON lines split at awkward byte boundaries, skipping blank lines but counting them', async () => {
    const lines: string[] = [
      '\uFEFF' +
        JSON.stringify({ recordKey: 'R0', personKey: 'P0', kind: 'student', orgCode: 'X', familyName: 'Ødegård 😀' }),
    ];
    for (let i = 1; i < 2500; i += 1)
      lines.push(
        i % 100 === 0
          ? ''
          : i % 333 === 0
            ? '{"recordKey":'
            : JSON.stringify({ recordKey: `R${i}`, personKey: `P${i}`, kind: 'student', orgCode: 'X', codes: ['UG'] }),
      );
    const text = lines.join('\r\n'); // no line end after the last line
    for (const sizes of [[1], [3, 5], [17, 1, 250]]) {
      const items = await all(readSnapshot(chunked(text, sizes), 'jsonl'));
      expect(items).toHaveLength(2500 - 24);
      expect(items[0]).toEqual({
        line: 1,
        record: {
          recordKey: 'R0',
          personKey: 'P0',
          kind: 'student',
          orgCode: 'X',
          familyName: 'Ødegård 😀',
          codes: [],
          attributes: {},
        },
      });
      expect(items.filter((it) => 'errors' in it).map((e) => e.line)).toEqual([334, 667, 1000, 1333, 1666, 1999, 2332]);
      expect(items.at(-1)).toEqual({
        line: 2500,
        record: {
          recordKey: 'R2499',
          personKey: 'P2499',
          kind: 'student',
          orgCode: 'X',
          codes: ['UG'],
          attributes: {},
        },
      });
    }
  });

  it.each(['csv', 'jsonl'] as const)(
    'pulls %s input only as fast as records are taken (bounded memory)',
    async (format) => {
      let pulled = 0;
      const line = (key: string) =>
        format === 'csv'
          ? `${key},P,staff,X\n`
          : `${JSON.stringify({ recordKey: key, personKey: 'P', kind: 'staff', orgCode: 'X' })}\n`;
      // Large but finite, so a reader that ran ahead would finish and fail the count rather than hang.
      async function* large(): AsyncGenerator<string> {
        if (format === 'csv') yield 'record_key,person_key,kind,org_code\n';
        for (let i = 0; i < 20_000; i += 1) {
          pulled += 1;
          yield line(`R${i}`) + line(`R${i}b`);
        }
      }
      let taken = 0;
      for await (const it of readSnapshot(large(), format)) {
        expect(it).toMatchObject({ record: { recordKey: taken % 2 ? `R${(taken - 1) / 2}b` : `R${taken / 2}` } });
        taken += 1;
        if (taken === 100) break;
      }
      expect(pulled).toBeLessThanOrEqual(52);
    },
  );

  it('reports a CSV syntax error on its line after every record before it, and stops there', async () => {
    const items = await all(
      readSnapshot(
        Readable.from(['record_key,person_key,kind,org_code\nR1,P1,staff,X\nR2,P2,st"aff,X\nR3,P3,staff,X\n']),
        'csv',
      ),
    );
    expect(items).toEqual([
      { line: 2, record: expect.objectContaining({ recordKey: 'R1' }) },
      { line: 3, errors: [expect.objectContaining({ line: 3, field: 'row', rule: 'format:csv' })] },
    ]);
    const unclosed = await all(
      readSnapshot(Readable.from(['record_key,person_key,kind,org_code\nR1,P1,staff,X\nR2,P2,"staff,X\n']), 'csv'),
    );
    expect(unclosed.map((it) => ('record' in it ? 'record' : it.errors[0].rule))).toEqual(['record', 'format:csv']);
  });

  it('stops at a bad header, and treats an empty CSV as an error but a header-only CSV as an empty snapshot', async () => {
    expect(await all(readSnapshot(Readable.from(['record_key,colour\nR1,red\n']), 'csv'))).toEqual([
      {
        line: 1,
        errors: expect.arrayContaining([expect.objectContaining({ field: 'colour', rule: 'unknown-column' })]),
      },
    ]);
    expect(await all(readSnapshot(Readable.from(['']), 'csv'))).toEqual([
      { line: 1, errors: [expect.objectContaining({ rule: 'required-header' })] },
    ]);
    expect(await all(readSnapshot(Readable.from(['record_key,person_key,kind,org_code\r\n']), 'csv'))).toEqual([]);
    expect(await all(readSnapshot(Readable.from([]), 'jsonl'))).toEqual([]);
  });

  it('lets a failing input stream fail the read instead of passing for a short snapshot', async () => {
    async function* broken(): AsyncGenerator<string> {
      yield '{"recordKey":"R1","personKey":"P","kind":"k","orgCode":"X"}\n';
      throw new Error('connection reset');
    }
    await expect(all(readSnapshot(broken(), 'jsonl'))).rejects.toThrow('connection reset');
    async function* brokenCsv(): AsyncGenerator<string> {
      yield 'record_key,person_key,kind,org_code\n';
      throw new Error('connection reset');
    }
    await expect(all(readSnapshot(brokenCsv(), 'csv'))).rejects.toThrow('connection reset');
  });
});
