import { api } from './client.ts';
import type { Resolution, Review, ReviewFilter } from './review-types.ts';

/** The most reviews one page asks for (the API's own limit). */
export const REVIEWS_LIMIT = 1000;

/** Every call the web UI makes about match reviews (records a source sent that nearly match someone), in one place. */
export const reviewsApi = {
  list: (filter: ReviewFilter, signal?: AbortSignal) =>
    api.get<Review[]>('/sources/reviews', { ...filter, limit: REVIEWS_LIMIT }, signal),
  resolve: (id: number, resolution: Resolution) => api.post<Review>(`/sources/reviews/${id}/resolve`, resolution),
};
