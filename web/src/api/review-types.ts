/**
 * Match reviews as the API returns them: the server's own route schemas
 * (src/sources/snapshot-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
import type { Static } from 'typebox';
import type { ResolveBody, Review, ReviewsQuery, ReviewStateSchema } from '../../../src/sources/snapshot-schemas.ts';

export type { Review };
/** Which reviews a list shows: one source's, in one state. */
export type ReviewFilter = Pick<ReviewsQuery, 'source' | 'state'>;
export type ReviewState = Static<typeof ReviewStateSchema>;
export type ReviewCandidate = Review['candidates'][number];
/** { personId } (that person), { create: true } (a new person) or { dismiss: true }. */
export type Resolution = Static<typeof ResolveBody>;
