import { api } from './client.ts';
import type { FieldValue, Stream, StreamValues } from './stream-types.ts';

/** Every call the web UI makes about auxiliary status streams, in one place. */
export const streamsApi = {
  list: (signal?: AbortSignal) => api.get<Stream[]>('/streams', undefined, signal),
  values: (name: string, signal?: AbortSignal) =>
    api.getTagged<StreamValues>(`/streams/${encodeURIComponent(name)}/values`, undefined, signal),
  setValues: (name: string, values: Record<string, Record<string, FieldValue | null>>, etag: string) =>
    api.put<StreamValues>(`/streams/${encodeURIComponent(name)}/values`, { values }, etag),
};
