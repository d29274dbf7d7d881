import {
  fakerCS_CZ,
  fakerDA,
  fakerDE,
  fakerEN,
  fakerEN_AU,
  fakerEN_GB,
  fakerEN_IE,
  fakerEN_IN,
  fakerEN_NG,
  fakerEN_ZA,
  fakerES,
  fakerES_MX,
  fakerFI,
  fakerFR,
  fakerFR_BE,
  fakerHR,
  fakerHU,
  fakerID_ID,
  fakerIT,
  fakerLV,
  fakerNB_NO,
  fakerNL,
  fakerPL,
  fakerPT_PT,
  fakerRO,
  fakerSK,
  fakerSV,
  fakerTR,
  type Faker,
} from '@faker-js/faker';
import type { PersonName } from '../registry/names.ts';
import { commonFamilyNames, commonGivenNames, internationalNames, nicknames } from './name-lists.ts';
import { type Random, Weighted, zipf } from './random.ts';

/**
 * A generator of realistic names: common names repeat a lot (John Smith many times over),
 * the long tail is drawn from faker's name lists of many languages with Zipf weights, and a
 * share of people carry names with non-ASCII letters or apostrophes (Zoë Ødegård, José
 * Müller, Nguyễn Văn An, Siobhán O'Brien). Deterministic for a given Random.
 */
export interface NamePoolOptions {
  /** Share of people whose names come from the international lists (default 0.12). */
  international?: number;
  /** Share with a middle name (default 0.3). */
  middle?: number;
  /** Share of those with a familiar form who give it as their preferred name (default 0.25). */
  preferred?: number;
}

const tailLocales: Faker[] = [
  fakerEN,
  fakerEN_GB,
  fakerEN_IE,
  fakerEN_AU,
  fakerEN_ZA,
  fakerEN_NG,
  fakerEN_IN,
  fakerDE,
  fakerFR,
  fakerFR_BE,
  fakerES,
  fakerES_MX,
  fakerIT,
  fakerNL,
  fakerPL,
  fakerCS_CZ,
  fakerSK,
  fakerHR,
  fakerSV,
  fakerDA,
  fakerNB_NO,
  fakerFI,
  fakerPT_PT,
  fakerRO,
  fakerTR,
  fakerHU,
  fakerLV,
  fakerID_ID,
];
/** Given names come from fewer languages than family names: most people are British or European. */
const givenLocales: Faker[] = [
  fakerEN,
  fakerEN_GB,
  fakerEN_IE,
  fakerEN_AU,
  fakerEN_ZA,
  fakerDE,
  fakerFR,
  fakerES,
  fakerIT,
  fakerNL,
  fakerPL,
  fakerSV,
];
const latin = /^[\p{Script=Latin}][\p{Script=Latin}' .-]*$/u;

function tailNames(part: 'first_name' | 'last_name'): string[] {
  const names = new Set<string>();
  for (const faker of part === 'first_name' ? givenLocales : tailLocales) {
    const lists = (faker.rawDefinitions.person as Record<string, unknown> | undefined)?.[part];
    if (!lists || typeof lists !== 'object') continue;
    for (const name of Object.values(lists).flat())
      if (typeof name === 'string' && latin.test(name) && name.length > 1) names.add(name);
  }
  return [...names].sort();
}

function shuffled<T>(items: T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Head names keep their own weights; the tail shares `tailShare` of all draws with Zipf weights. */
function headAndTail(head: [string, number][], tail: string[], tailShare: number, random: Random): Weighted<string> {
  const headTotal = head.reduce((s, [, w]) => s + w, 0);
  const inHead = new Set(head.map(([n]) => n));
  const ranked = zipf(
    shuffled(
      tail.filter((n) => !inHead.has(n)),
      random,
    ),
    0.8,
    60,
  );
  const tailTotal = ranked.reduce((s, [, w]) => s + w, 0);
  const scale = (headTotal * tailShare) / (1 - tailShare) / tailTotal;
  return new Weighted([...head, ...ranked.map(([n, w]): [string, number] => [n, w * scale])]);
}

interface Culture {
  given: Weighted<string>;
  family: Weighted<string>;
}

export class NamePool {
  readonly #random: Random;
  readonly #options: Required<NamePoolOptions>;
  readonly #main: Culture;
  readonly #cultures: Weighted<Culture>;

  constructor(random: Random, options: NamePoolOptions = {}) {
    this.#random = random;
    this.#options = { international: 0.12, middle: 0.3, preferred: 0.25, ...options };
    this.#main = {
      given: headAndTail(commonGivenNames, tailNames('first_name'), 0.55, random),
      family: headAndTail(commonFamilyNames, tailNames('last_name'), 0.65, random),
    };
    this.#cultures = new Weighted(
      Object.values(internationalNames).map((c): [Culture, number] => [
        { given: new Weighted(c.given), family: new Weighted(c.family) },
        1,
      ]),
    );
  }

  /** One person's name; middle and preferred names only sometimes. */
  next(): PersonName {
    const r = this.#random;
    // People from the international lists often carry a name from elsewhere too.
    const culture = r.chance(this.#options.international) ? this.#cultures.draw(r) : this.#main;
    const givenName = (r.chance(0.7) ? culture : this.#main).given.draw(r);
    const familyName = (r.chance(0.8) ? culture : this.#main).family.draw(r);
    let middleName: string | null = null;
    if (r.chance(this.#options.middle)) {
      const middle = this.#main.given.draw(r);
      if (middle !== givenName) middleName = middle;
    }
    const familiar = nicknames[givenName];
    const preferredName = familiar && r.chance(this.#options.preferred) ? r.pick(familiar) : null;
    return { givenName, middleName, familyName, preferredName };
  }
}
