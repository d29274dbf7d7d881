import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { nameToken, type PersonName } from '../../src/registry/names.ts';
import { csvLine } from '../../src/demo/csv.ts';
import { mailDomains } from '../../src/demo/name-lists.ts';
import { NamePool } from '../../src/demo/name-pool.ts';
import { dayToDate, Random, Weighted } from '../../src/demo/random.ts';
import { progress } from '../lib/progress.ts';

/**
 * A deterministic CSV of people for the import and search benchmarks: realistic names
 * (see name-pool.ts), birth dates, personal emails, a source key in the HR or student
 * system, and the code of an org unit created before the import.
 */
export interface BenchPerson extends PersonName {
  birthDate: string;
  email: string | null;
  source: string;
  sourceKey: string;
  orgCode: string;
  affiliation: string;
}

export const PEOPLE_COLUMNS = [
  'given_name',
  'middle_name',
  'family_name',
  'preferred_name',
  'birth_date',
  'email',
  'source',
  'source_key',
  'org_code',
  'affiliation',
] as const;

function cells(p: BenchPerson): string[] {
  return [
    p.givenName,
    p.middleName ?? '',
    p.familyName,
    p.preferredName ?? '',
    p.birthDate,
    p.email ?? '',
    p.source,
    p.sourceKey,
    p.orgCode,
    p.affiliation,
  ];
}

/** An endless, deterministic stream of benchmark people spread over `orgCodes`. */
export class PeopleGenerator {
  readonly #random: Random;
  readonly #names: NamePool;
  readonly #orgs: Weighted<string>;
  readonly #domains = new Weighted(mailDomains);
  #count = 0;
  constructor(seed: number, orgCodes: readonly (readonly [string, number])[]) {
    this.#random = new Random(seed);
    this.#names = new NamePool(this.#random);
    this.#orgs = new Weighted(orgCodes);
  }

  next(): BenchPerson {
    const r = this.#random;
    const name = this.#names.next();
    const n = ++this.#count;
    const student = r.chance(0.7);
    const age = student ? r.int(18, 30) : r.int(21, 75);
    const birthDate = dayToDate(20_000 - age * 365 - r.int(0, 364));
    const email = r.chance(0.6)
      ? `${nameToken(name.givenName)}.${nameToken(name.familyName)}${r.chance(0.5) ? r.int(1, 999) : ''}@${this.#domains.draw(r)}`
      : null;
    return {
      ...name,
      birthDate,
      email,
      source: student ? 'sis' : 'hr',
      sourceKey: `${student ? 'U' : 'E'}${String(n).padStart(8, '0')}`,
      orgCode: this.#orgs.draw(r),
      affiliation: student ? 'student' : r.chance(0.4) ? 'faculty' : 'staff',
    };
  }
}

export interface GeneratedCsv {
  file: string;
  rows: number;
  bytes: number;
  /** Every k-th person, for building search queries (about `sampleSize` of them). */
  sample: BenchPerson[];
}

/** Writes `rows` people with a header line to `file`. */
export function writePeopleCsv(
  file: string,
  rows: number,
  options: { seed: number; orgCodes: readonly (readonly [string, number])[]; sampleSize?: number },
): GeneratedCsv {
  const generator = new PeopleGenerator(options.seed, options.orgCodes);
  const every = Math.max(1, Math.floor(rows / (options.sampleSize ?? 2000)));
  const sample: BenchPerson[] = [];
  const fd = openSync(file, 'w');
  const bar = progress(`generating ${file}`, rows);
  try {
    writeSync(fd, `${PEOPLE_COLUMNS.join(',')}\n`);
    let chunk: string[] = [];
    for (let i = 0; i < rows; i += 1) {
      const p = generator.next();
      if (i % every === 0) sample.push(p);
      chunk.push(csvLine(cells(p)));
      if (chunk.length === 10_000) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
        bar.update(i + 1);
      }
    }
    if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  bar.done();
  return { file, rows, bytes: statSync(file).size, sample };
}
