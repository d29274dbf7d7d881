import type { Resolution, Review, ReviewCandidate } from '../api/review-types.ts';

/** What an administrator chose for a review, before confirming it. */
export type ReviewChoice =
  { kind: 'candidate'; candidate: ReviewCandidate } | { kind: 'other' } | { kind: 'create' } | { kind: 'dismiss' };

/** The record's name as the source sent it, or its person key when it has none. */
export function recordName(review: Review): string {
  const r = review.record;
  return [r.givenName, r.middleName, r.familyName].filter(Boolean).join(' ') || `person key ${r.personKey}`;
}

export function candidateName(c: ReviewCandidate): string {
  return c.name ?? `person #${c.personId}`;
}

/** A person number as typed ("12" or "#12"), or null when it is not one. */
export function personNumber(text: string): number | null {
  const t = text.trim().replace(/^#/, '');
  return /^[1-9][0-9]{0,15}$/.test(t) ? Number(t) : null;
}

/** The API's resolution for a choice; "another person" needs their number. */
export function resolutionOf(choice: ReviewChoice, otherId: number | null): Resolution | null {
  if (choice.kind === 'candidate') return { personId: choice.candidate.personId };
  if (choice.kind === 'create') return { create: true };
  if (choice.kind === 'dismiss') return { dismiss: true };
  return otherId === null ? null : { personId: otherId };
}

/** "ID number ID-7001, email ada@example.org" — why the reconciler considered a candidate. */
export const identifierLabels: Record<ReviewCandidate['matchedBy'][number]['kind'], string> = {
  'id-number': 'ID number',
  username: 'username',
  email: 'email',
};
export function matchedByText(c: ReviewCandidate): string {
  return c.matchedBy.map((m) => `${identifierLabels[m.kind]} ${m.value}`).join(', ');
}
