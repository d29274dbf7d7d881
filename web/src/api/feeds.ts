import { api } from './client.ts';
import type { Feed, FeedInput, FeedPreview, FeedUpdate } from './feed-types.ts';
import type { StatusType } from './status-types.ts';
import type { Stream } from './stream-types.ts';

/** Every call the web UI makes about outbound feeds, in one place. */
export const feedsApi = {
  list: (signal?: AbortSignal) => api.get<Feed[]>('/feeds', undefined, signal),
  get: (name: string, signal?: AbortSignal) =>
    api.getTagged<Feed>(`/feeds/${encodeURIComponent(name)}`, undefined, signal),
  create: (input: FeedInput) => api.post<Feed>('/feeds', input),
  update: (name: string, input: FeedUpdate, etag: string) =>
    api.put<Feed>(`/feeds/${encodeURIComponent(name)}`, input, etag),
  remove: (name: string) => api.del(`/feeds/${encodeURIComponent(name)}`),
  preview: (name: string, signal?: AbortSignal) =>
    api.get<FeedPreview>(`/feeds/${encodeURIComponent(name)}/preview`, { limit: 20 }, signal),
  outputUrl: (name: string) => `/feeds/${encodeURIComponent(name)}/output`,
  /** What the form's pickers offer: status type names, and streams with their fields. */
  statusTypes: (signal?: AbortSignal) => api.get<StatusType[]>('/status-types', undefined, signal),
  streams: (signal?: AbortSignal) => api.get<Stream[]>('/streams', undefined, signal),
};
