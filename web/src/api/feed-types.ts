/**
 * Outbound feeds as the API returns them: the server's own shapes, imported as types only,
 * so no server code reaches the bundle.
 */
export type { FeedView as Feed } from '../../../src/feeds/feed-store.ts';
export type { FeedInput } from '../../../src/feeds/feed-definition.ts';
export type { FeedRow } from '../../../src/feeds/feed-rows.ts';
