import { cleanName, nameToken, type PersonName } from '../registry/names.ts';
import { type DemoAffiliationKind, type DemoUnit, demoUnits } from './demo-institution.ts';
import { mailDomains } from './name-lists.ts';
import { NamePool } from './name-pool.ts';
import { dateToDay, dayToDate, Random, Weighted } from './random.ts';

/**
 * The people of Northbridge University: about two thousand, generated from a fixed seed,
 * each with one affiliation (staff, faculty, student, emeritus …) in a unit, a birth date,
 * sometimes a personal email, and the key their system of record knows them by. A few
 * people are written out by hand because the demo tells a story with them.
 */
export interface DemoPerson extends PersonName {
  /** Set on people the demo refers to (officers, accounts, the duplicate pair). */
  key: string;
  birthDate: string;
  emails: string[];
  unit: string;
  affiliation: DemoAffiliationKind;
  title: string;
  validFrom: string;
  validTo: string | null;
  /** System of record and the person's key there. */
  source: 'hr' | 'sis' | 'guests';
  sourceKey: string;
  /** Which identifiers the demo mints for this person. */
  mint: { username: boolean; email: boolean };
}

export const DEMO_SEED = 20_051_204;

type Special = Omit<DemoPerson, 'source' | 'sourceKey' | 'mint' | 'validFrom' | 'validTo'> & { validFrom?: string };

/** People the demo's story needs, by key. */
const specials: Special[] = [
  {
    key: 'jon-finke',
    givenName: 'Jon',
    familyName: 'Finke',
    birthDate: '1961-04-12',
    emails: [],
    unit: 'ITS',
    affiliation: 'staff',
    title: 'Identity Services Lead',
    validFrom: '1986-09-01',
  },
  {
    key: 'sci-manager',
    givenName: 'Ruth',
    familyName: 'Okafor',
    birthDate: '1975-11-02',
    emails: [],
    unit: 'FSE',
    affiliation: 'staff',
    title: 'Faculty Manager',
    validFrom: '2009-01-05',
  },
  // One human, twice: HR knows her as Katherine (called Kathy), the student record system as Kathy.
  {
    key: 'katherine-oneil',
    givenName: 'Katherine',
    familyName: "O'Neil",
    preferredName: 'Kathy',
    birthDate: '1984-03-17',
    emails: [],
    unit: 'LIB',
    affiliation: 'staff',
    title: 'Library Assistant',
  },
  {
    key: 'kathy-oneil',
    givenName: 'Kathy',
    familyName: "O'Neil",
    birthDate: '1984-03-17',
    emails: ['kathy.oneil84@gmail.com'],
    unit: 'HIST',
    affiliation: 'student',
    title: 'Postgraduate (taught)',
  },
  {
    key: 'zoe-odegard',
    givenName: 'Zoë',
    familyName: 'Ødegård',
    birthDate: '1979-06-30',
    emails: [],
    unit: 'PHYS',
    affiliation: 'faculty',
    title: 'Reader in Condensed Matter Physics',
  },
  {
    key: 'jose-muller',
    givenName: 'José',
    familyName: 'Müller',
    birthDate: '2004-01-22',
    emails: ['jose.muller@gmx.de'],
    unit: 'CHEM',
    affiliation: 'student',
    title: 'Undergraduate',
  },
  {
    key: 'nguyen-van-an',
    givenName: 'Văn An',
    familyName: 'Nguyễn',
    birthDate: '1996-08-09',
    emails: ['an.nguyen.96@gmail.com'],
    unit: 'COMP',
    affiliation: 'student',
    title: 'Doctoral researcher',
  },
  {
    key: 'siobhan-obrien',
    givenName: 'Siobhán',
    familyName: "O'Brien",
    birthDate: '1970-02-14',
    emails: [],
    unit: 'NURS',
    affiliation: 'faculty',
    title: 'Professor of Nursing',
  },
];

const titles: Record<DemoAffiliationKind, [string, number][]> = {
  faculty: [
    ['Professor', 3],
    ['Reader', 2],
    ['Senior Lecturer', 4],
    ['Lecturer', 6],
    ['Research Fellow', 4],
    ['Teaching Fellow', 2],
  ],
  staff: [
    ['Administrator', 5],
    ['Technician', 3],
    ['Officer', 4],
    ['Coordinator', 2],
    ['Analyst', 2],
    ['Manager', 1],
    ['Assistant', 3],
  ],
  student: [
    ['Undergraduate', 12],
    ['Postgraduate (taught)', 3],
    ['Doctoral researcher', 2],
  ],
  emeritus: [['Emeritus Professor', 1]],
  retiree: [['Retired staff', 1]],
  visitor: [
    ['Visiting researcher', 4],
    ['Visiting student', 3],
    ['Contractor', 2],
    ['Visiting professor', 1],
  ],
  tenant: [
    ['Employee', 5],
    ['Director', 1],
    ['Intern', 1],
  ],
  partner: [
    ['Coach', 3],
    ['Development officer', 2],
    ['Performance analyst', 1],
  ],
};

/** Age ranges (years) per affiliation. */
const ages: Record<DemoAffiliationKind, [number, number]> = {
  faculty: [28, 69],
  staff: [20, 66],
  student: [18, 32],
  emeritus: [67, 92],
  retiree: [61, 88],
  visitor: [22, 65],
  tenant: [21, 58],
  partner: [23, 60],
};

/** Names the demo keeps for its story: random draws never produce another Fink(e) or O'Neil. */
const reservedFamilies = /^(fink|oneil)/;

function birthDate(random: Random, today: number, [min, max]: [number, number]): string {
  // Students cluster at 18-23; everyone else spreads evenly over their range.
  const years = max <= 32 && random.chance(0.8) ? random.int(18, 23) : random.int(min, max);
  return dayToDate(today - years * 365 - random.int(0, 364));
}

/** When the affiliation started (and ends), consistent with the person's age. `born` is a day number. */
function validity(
  random: Random,
  kind: DemoAffiliationKind,
  today: number,
  unit: DemoUnit,
  born: number,
): { validFrom: string; validTo: string | null } {
  const yearStart = (yearsAgo: number) => {
    const date = dayToDate(today - yearsAgo * 365);
    const year = Number(date.slice(0, 4)) - (date.slice(5) < '09-01' ? 1 : 0);
    return `${year}-09-01`;
  };
  switch (kind) {
    case 'student': {
      const age = Math.floor((today - born) / 365);
      const start = yearStart(random.int(0, Math.min(3, Math.max(0, age - 18))));
      const current = Number(yearStart(0).slice(0, 4)) + 1;
      return { validFrom: start, validTo: `${Math.max(current, Number(start.slice(0, 4)) + random.int(1, 4))}-06-30` };
    }
    case 'visitor':
      return { validFrom: dayToDate(today - random.int(0, 200)), validTo: dayToDate(today + random.int(10, 330)) };
    case 'tenant':
      return {
        validFrom:
          unit.validFrom && unit.validFrom > dayToDate(today - 900)
            ? unit.validFrom
            : dayToDate(today - random.int(30, 900)),
        validTo: unit.validTo ?? null,
      };
    case 'partner':
      return { validFrom: dayToDate(today - random.int(30, 2000)), validTo: dayToDate(today + random.int(60, 700)) };
    case 'emeritus':
    case 'retiree':
      return { validFrom: dayToDate(Math.min(today - 30, born + random.int(63, 70) * 365)), validTo: null };
    case 'faculty':
    case 'staff': {
      const earliest = Math.max(born + (kind === 'faculty' ? 26 : 19) * 365, today - 30 * 365);
      return { validFrom: dayToDate(random.int(Math.min(earliest, today - 60), today - 60)), validTo: null };
    }
    default: {
      const unknown: never = kind;
      throw new Error(`unknown demo affiliation kind ${String(unknown)}`);
    }
  }
}

function personalEmail(random: Random, name: PersonName): string {
  const domain = new Weighted(mailDomains).draw(random);
  const given = nameToken(name.givenName);
  const family = nameToken(name.familyName);
  const forms = [
    `${given}.${family}`,
    `${given}${family}${random.int(1, 99)}`,
    `${given[0]}${family}${random.int(60, 99)}`,
    `${family}.${given}`,
  ];
  return `${random.pick(forms)}@${domain}`;
}

/** Per kind: the source of record its people come from, and whether they get a username and an email address. */
const KIND_FACTS: Record<DemoAffiliationKind, { source: DemoPerson['source']; account: boolean }> = {
  faculty: { source: 'hr', account: true },
  staff: { source: 'hr', account: true },
  student: { source: 'sis', account: true },
  emeritus: { source: 'hr', account: true },
  retiree: { source: 'hr', account: false },
  visitor: { source: 'guests', account: true },
  tenant: { source: 'guests', account: false },
  partner: { source: 'guests', account: false },
};

function mintsFor(kind: DemoAffiliationKind): DemoPerson['mint'] {
  const { account } = KIND_FACTS[kind];
  return { username: account, email: account };
}

function sourceOf(kind: DemoAffiliationKind): DemoPerson['source'] {
  return KIND_FACTS[kind].source;
}

/** The keys of the people the demo's story names (Jon Finke and the others above). */
export const specialKeys: ReadonlySet<string> = new Set(specials.map((s) => s.key));

/** Every demo person, specials first, in a stable order. */
export function demoPeople(today: string, seed = DEMO_SEED): DemoPerson[] {
  const random = new Random(seed);
  const pool = new NamePool(random, { international: 0.15 });
  const day = dateToDay(today);
  const units = demoUnits(today);
  const byCode = new Map(units.map((u) => [u.code, u]));
  const counters = { hr: 100_000, sis: 2_000_000, guests: 9_000 };
  const people: DemoPerson[] = [];
  const add = (p: Omit<DemoPerson, 'source' | 'sourceKey' | 'mint'>) => {
    const source = sourceOf(p.affiliation);
    const prefix = source === 'hr' ? 'E' : source === 'sis' ? 'U' : 'G';
    people.push({ ...p, source, sourceKey: `${prefix}${++counters[source]}`, mint: mintsFor(p.affiliation) });
  };
  for (const s of specials) {
    const unit = byCode.get(s.unit)!;
    const v = validity(random, s.affiliation, day, unit, dateToDay(s.birthDate));
    add({
      ...s,
      preferredName: s.preferredName ?? null,
      middleName: s.middleName ?? null,
      validFrom: s.validFrom ?? v.validFrom,
      validTo: v.validTo,
    });
  }
  for (const unit of units) {
    for (const [kind, count] of Object.entries(unit.people ?? {}) as [DemoAffiliationKind, number][]) {
      const titleOf = new Weighted(titles[kind]);
      for (let i = 0; i < count; i += 1) {
        let name = pool.next();
        while (reservedFamilies.test(cleanName(name.familyName).replace(/ /g, ''))) name = pool.next();
        const emails =
          kind === 'tenant' && unit.custom?.contact_email
            ? [
                `${nameToken(name.givenName)}.${nameToken(name.familyName)}@${String(unit.custom.contact_email).split('@')[1]}`,
              ]
            : random.chance(kind === 'student' || kind === 'visitor' ? 0.8 : 0.25)
              ? [personalEmail(random, name)]
              : [];
        const born = birthDate(random, day, ages[kind]);
        add({
          key: `${kind}:${unit.code}:${i}`,
          ...name,
          birthDate: born,
          emails,
          unit: unit.code,
          affiliation: kind,
          title: titleOf.draw(random),
          ...validity(random, kind, day, unit, dateToDay(born)),
        });
      }
    }
  }
  return people;
}
