import type { Identifier } from './person-schemas.ts';
import { cleanName, type PersonName } from './names.ts';
import { similarity } from './trigrams.ts';

/**
 * Scoring possible duplicates of a person. Pure: the duplicate query fetches candidates
 * that share a similar name, a birth date or an identifier; this decides how likely each
 * is the same human and says why, in words a registrar can check.
 */
export interface DuplicateFacts extends PersonName {
  birthDate?: string | null;
  emails: string[];
  identifiers: Identifier[];
}

export interface DuplicateScore {
  /** 0 (surely someone else) … 1 (surely the same human). */
  score: number;
  reasons: string[];
}

/** Candidates at or above this are shown as possible duplicates. */
export const SHOW_THRESHOLD = 0.4;
/** Candidates at or above this stop a create unless it is forced with a reason. */
export const BLOCK_THRESHOLD = 0.6;

function nameForms(p: PersonName): string[] {
  const family = cleanName(p.familyName);
  const forms = [`${cleanName(p.givenName)} ${family}`];
  if (p.preferredName) forms.push(`${cleanName(p.preferredName)} ${family}`);
  return forms;
}

/** The best trigram similarity between any written form of the two names. */
export function nameSimilarity(a: PersonName, b: PersonName): number {
  let best = 0;
  for (const x of nameForms(a)) for (const y of nameForms(b)) best = Math.max(best, similarity(x, y));
  return best;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * How likely `candidate` is the same human as `prospect`. A similar name counts for up to
 * 0.8; the same birth date adds 0.25 and a different one takes 0.3 away; a shared email
 * address or institution identifier lifts the score to at least 0.85 / 0.9 whatever the name.
 */
export function scoreDuplicate(prospect: DuplicateFacts, candidate: DuplicateFacts): DuplicateScore {
  const reasons: string[] = [];
  const sim = nameSimilarity(prospect, candidate);
  let score = 0.8 * sim;
  if (sim === 1) reasons.push('same name');
  else if (sim >= 0.3) reasons.push(`similar name (${sim.toFixed(2)})`);
  if (prospect.birthDate && candidate.birthDate) {
    if (prospect.birthDate === candidate.birthDate) {
      score += 0.25;
      reasons.push('same birth date');
    } else {
      score -= 0.3;
      reasons.push('different birth date');
    }
  }
  const theirEmails = new Set(candidate.emails.map((e) => e.toLowerCase()));
  for (const e of prospect.emails) {
    if (theirEmails.has(e.toLowerCase())) {
      score = Math.max(score, 0.85);
      reasons.push(`same email ${e.toLowerCase()}`);
    }
  }
  for (const id of prospect.identifiers) {
    const same = candidate.identifiers.some(
      (c) => c.kind === id.kind && c.scope === id.scope && c.value.toLowerCase() === id.value.toLowerCase(),
    );
    if (same) {
      score = Math.max(score, 0.9);
      reasons.push(`same identifier ${id.kind}${id.scope ? `@${id.scope}` : ''} ${id.value}`);
    }
  }
  return { score: round(Math.min(1, Math.max(0, score))), reasons };
}

/** Scores every candidate and keeps those worth showing, most likely first. */
export function rankDuplicates<T extends DuplicateFacts>(
  prospect: DuplicateFacts,
  candidates: T[],
  threshold = SHOW_THRESHOLD,
): (DuplicateScore & { candidate: T })[] {
  return candidates
    .map((candidate) => ({ candidate, ...scoreDuplicate(prospect, candidate) }))
    .filter((c) => c.score >= threshold)
    .sort((a, b) => b.score - a.score);
}
