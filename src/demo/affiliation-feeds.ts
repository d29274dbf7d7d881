import type { AffiliationRecord } from '../sources/snapshot-rows.ts';
import { nameToken } from '../registry/names.ts';
import { mailDomains } from './name-lists.ts';
import { NamePool } from './name-pool.ts';
import { dateToDay, dayToDate, Random, Weighted } from './random.ts';

/**
 * Snapshots a university's systems of record would deliver, generated from a seed: HR jobs,
 * student records and housing contracts for the same population, coded the way the demo's
 * status types (Appendix A, src/status/appendix-a.ts) expect. The demo loads them through
 * the reconciler and the reconcile benchmark sends a million of them; `evolve` makes the
 * next day's snapshot with a given share of records changed, added or gone.
 */
export type FeedSource = 'hr' | 'sis' | 'housing';

export interface FeedOptions {
  seed: number;
  /** The day the snapshots describe (YYYY-MM-DD). */
  today: string;
  /** Org units people belong to, with weights (departments and services). */
  orgs: readonly (readonly [string, number])[];
  /** The unit housing contracts belong to (default EST, the demo's Estates). */
  housingOrg?: string;
}

/** Which college letter a department's students carry (the demo has no architecture school: arts take A). */
export function collegeOf(orgCode: string): 'A' | 'E' | 'S' {
  if (['COMP', 'ITS', 'EST'].includes(orgCode)) return 'E';
  if (['CHEM', 'PHYS', 'MATH', 'NURS', 'BMED'].includes(orgCode)) return 'S';
  return 'A';
}

const staffTitles = [
  'Administrator',
  'Research Associate',
  'Technician',
  'Lecturer',
  'Senior Lecturer',
  'Professor',
  'Officer',
  'Coordinator',
  'Analyst',
  'Assistant',
];
const employeeClasses = new Weighted<string>([
  ['E', 40],
  ['N', 35],
  ['F', 22],
  ['X', 3],
]);
const jobStatuses = new Weighted<string>([
  ['A', 95],
  ['F', 3],
  ['P', 2],
]);

/** An endless, deterministic population with their records in each source. */
export class FeedGenerator {
  readonly #random: Random;
  readonly #names: NamePool;
  readonly #orgs: Weighted<string>;
  readonly #domains = new Weighted(mailDomains);
  readonly #today: number;
  readonly #housingOrg: string;
  #person = 0;

  constructor(options: FeedOptions) {
    this.#random = new Random(options.seed);
    this.#names = new NamePool(this.#random);
    this.#orgs = new Weighted(options.orgs);
    this.#today = dateToDay(options.today);
    this.#housingOrg = options.housingOrg ?? 'EST';
  }

  /** The records of the next person: a student (with a housing contract sometimes), an employee, or both. */
  nextPerson(): AffiliationRecord[] {
    const r = this.#random;
    const n = ++this.#person;
    const name = this.#names.next();
    const student = r.chance(0.68);
    const age = student ? r.int(18, 32) : r.int(22, 70);
    const birthDate = dayToDate(this.#today - age * 365 - r.int(0, 364));
    const email = r.chance(0.5)
      ? `${nameToken(name.givenName)}.${nameToken(name.familyName)}${r.int(1, 99)}@${this.#domains.draw(r)}`
      : undefined;
    const who = {
      givenName: name.givenName,
      middleName: name.middleName ?? undefined,
      familyName: name.familyName,
      birthDate,
      email,
    };
    const out: AffiliationRecord[] = [];
    if (student) {
      const personKey = `S${String(n).padStart(8, '0')}`;
      const orgCode = this.#orgs.draw(r);
      const level = r.chance(0.78) ? 'UG' : 'GR';
      const campus = r.chance(0.9) ? 'T' : r.chance(0.5) ? 'H' : 'D';
      const started = this.#today - r.int(0, level === 'UG' ? 3 : 2) * 365 - r.int(0, 60);
      const attributes: Record<string, string> = { level };
      if (campus === 'H') attributes.registered_this_term = r.chance(0.7) ? 'Y' : 'N';
      out.push({
        ...who,
        recordKey: `sis-${personKey}`,
        personKey,
        kind: 'student',
        orgCode,
        codes: [`${campus}${collegeOf(orgCode)}`],
        validFrom: dayToDate(started),
        validTo: dayToDate(started + (level === 'UG' ? 4 : 2) * 365),
        attributes,
      });
      if (campus === 'T' && r.chance(0.35)) {
        const from = this.#today - r.int(0, 300);
        out.push({
          ...who,
          recordKey: `hou-${n}`,
          personKey,
          kind: 'resident',
          orgCode: this.#housingOrg,
          codes: [],
          title: `Hall ${r.int(1, 9)}, room ${r.int(1, 400)}`,
          validFrom: dayToDate(from),
          validTo: dayToDate(from + 330),
          attributes: {},
        });
      }
      if (level === 'GR' && r.chance(0.15)) out.push(this.#job(n, who, 1, true));
    } else {
      out.push(this.#job(n, who, 1, false));
      if (r.chance(0.04)) out.push(this.#job(n, who, 2, false));
    }
    return out;
  }

  #job(n: number, who: Partial<AffiliationRecord>, job: number, graduateAssistant: boolean): AffiliationRecord {
    const r = this.#random;
    const personKey = `E${String(n).padStart(8, '0')}`;
    const cls = graduateAssistant ? 'N' : employeeClasses.draw(r);
    const status = graduateAssistant ? 'A' : jobStatuses.draw(r);
    const started = this.#today - r.int(0, 25 * 365);
    const fixedTerm = graduateAssistant || r.chance(0.2);
    const attributes: Record<string, string> = {};
    if (r.chance(0.01)) Object.assign(attributes, { hr_ok: 'Y', hr_status: cls === 'F' ? 'faculty' : 'staff' });
    return {
      ...who,
      recordKey: `hr-${personKey}-${job}`,
      personKey,
      kind: 'employee',
      orgCode: this.#orgs.draw(r),
      title: graduateAssistant ? 'Graduate Assistant' : r.pick(staffTitles),
      codes: [`${status}${cls}${String(r.int(1, 40)).padStart(2, '0')}`],
      validFrom: dayToDate(started),
      validTo: fixedTerm ? dayToDate(this.#today + r.int(30, 3 * 365)) : undefined,
      attributes,
    };
  }

  /** At least `count` records (whole people), grouped by source. */
  records(count: number): Record<FeedSource, AffiliationRecord[]> {
    const out: Record<FeedSource, AffiliationRecord[]> = { hr: [], sis: [], housing: [] };
    let total = 0;
    while (total < count) {
      for (const record of this.nextPerson()) {
        out[sourceOf(record)].push(record);
        total += 1;
      }
    }
    return out;
  }

  /**
   * The next snapshot of one source: `share` of its records change — a third get a new title
   * or end date, a third leave (removed), and as many new ones arrive — the rest as before.
   */
  evolve(records: readonly AffiliationRecord[], share: number): AffiliationRecord[] {
    const r = this.#random;
    const out: AffiliationRecord[] = [];
    let arrivals = 0;
    for (const record of records) {
      if (!r.chance(share)) {
        out.push(record);
        continue;
      }
      const what = r.int(0, 2);
      if (what === 0) out.push({ ...record, title: `${record.title ?? 'Member'} (acting)` });
      else if (what === 1) out.push({ ...record, validTo: dayToDate(this.#today + r.int(1, 365)) });
      else arrivals += 1; // gone from the source
    }
    while (arrivals > 0) {
      for (const record of this.nextPerson()) {
        if (arrivals > 0 && sourceOf(record) === sourceOf(records[0] ?? record)) {
          out.push(record);
          arrivals -= 1;
        }
      }
    }
    return out;
  }
}

/** The system of record a generated record comes from. */
export function sourceOf(record: AffiliationRecord): FeedSource {
  return record.kind === 'student' ? 'sis' : record.kind === 'resident' ? 'housing' : 'hr';
}
