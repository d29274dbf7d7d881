/**
 * Outbound feeds as the API returns them: the server's own route schemas (src/feeds/feed-schemas.ts), imported as
 * types only, so no server code reaches the bundle.
 */
export type {
  Feed,
  FeedBody as FeedInput,
  FeedUpdateBody as FeedUpdate,
  Preview as FeedPreview,
} from '../../../src/feeds/feed-schemas.ts';
export type { FeedRow } from '../../../src/feeds/feed-rows.ts';
