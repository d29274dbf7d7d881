import { Random } from '../../src/demo/random.ts';
import type { BenchPerson } from './people-csv.ts';

/**
 * Search queries as a desk clerk types them, built from people known to be in the data:
 * exact names, names with one typo (a letter dropped, two swapped or one replaced), partial
 * names (the family name alone, or a given name and the start of the family name) and
 * identifier or email lookups. Each query remembers whom it should find.
 */
export type QueryKind = 'exact name' | 'typo' | 'partial name' | 'identifier' | 'email';

export interface SearchQuery {
  kind: QueryKind;
  text: string;
  /** The person the query was built from (their source key). */
  expect: string;
  /** For name queries: the name as meant, before any typo ("Jon Finke" for "Jon Fink"). */
  meant: string | null;
}

const mix: [QueryKind, number][] = [
  ['exact name', 0.3],
  ['typo', 0.3],
  ['partial name', 0.15],
  ['identifier', 0.15],
  ['email', 0.1],
];
const letters = 'abcdefghijklmnopqrstuvwxyz';

/** One typo in the longest word: drop, swap two neighbours, or replace a letter. */
export function withTypo(text: string, random: Random): string {
  const words = text.split(' ');
  let at = 0;
  words.forEach((w, i) => {
    if (w.length > words[at].length) at = i;
  });
  const w = words[at];
  if (w.length < 4) return text;
  const i = random.int(1, w.length - 2);
  const chars = [...w];
  const op = random.int(0, 2);
  if (op === 0) chars.splice(i, 1);
  else if (op === 1) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
  else chars[i] = letters[(letters.indexOf(chars[i].toLowerCase()) + random.int(1, 25)) % 26] ?? 'x';
  words[at] = chars.join('');
  return words.join(' ');
}

function build(kind: QueryKind, p: BenchPerson, random: Random): { text: string | null; meant: string | null } {
  const given = p.preferredName && random.chance(0.5) ? p.preferredName : p.givenName;
  const full = `${given} ${p.familyName}`;
  switch (kind) {
    case 'exact name':
      return { text: full, meant: full };
    case 'typo':
      return { text: withTypo(full, random), meant: full };
    case 'partial name': {
      const text = random.chance(0.5)
        ? p.familyName
        : `${given} ${p.familyName.slice(0, Math.max(3, Math.ceil(p.familyName.length / 2)))}`;
      return { text, meant: text };
    }
    case 'identifier':
      return { text: p.sourceKey, meant: null };
    case 'email':
      return { text: p.email, meant: null };
  }
}

/** `count` queries in a deterministic mix of kinds over the sample. */
export function buildQueries(sample: BenchPerson[], count: number, seed: number): SearchQuery[] {
  const random = new Random(seed);
  const out: SearchQuery[] = [];
  const total = mix.reduce((s, [, w]) => s + w, 0);
  for (const [kind, weight] of mix) {
    const want = Math.round((count * weight) / total);
    for (let tries = 0, made = 0; made < want && tries < want * 20; tries += 1) {
      const p = random.pick(sample);
      const { text, meant } = build(kind, p, random);
      if (!text) continue;
      out.push({ kind, text, expect: p.sourceKey, meant });
      made += 1;
    }
  }
  // Interleave kinds so a slow phase of the machine does not land on one kind only.
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
