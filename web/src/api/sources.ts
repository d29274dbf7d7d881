import { api } from './client.ts';
import type { NewSource, Source, SourceSettings } from './source-types.ts';

/** Every call the web UI makes about systems of record, in one place. */
export const sourcesApi = {
  list: (signal?: AbortSignal) => api.get<Source[]>('/sources', undefined, signal),
  get: (name: string, signal?: AbortSignal) =>
    api.getTagged<Source>(`/sources/${encodeURIComponent(name)}`, undefined, signal),
  create: (input: NewSource) => api.post<Source>('/sources', input),
  update: (name: string, settings: SourceSettings, etag: string) =>
    api.put<Source>(`/sources/${encodeURIComponent(name)}`, settings, etag),
};
