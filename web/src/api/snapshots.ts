import { api } from './client.ts';
import type {
  DiffChange,
  DiffPage,
  Snapshot,
  SnapshotFilter,
  SnapshotSummary,
  UploadOptions,
} from './snapshot-types.ts';

/** The content type the API reads each snapshot format as. */
export const SNAPSHOT_TYPES = { csv: 'text/csv', jsonl: 'application/x-ndjson' } as const;

/** Every call the web UI makes about source snapshots, in one place. */
export const snapshotsApi = {
  list: (filter: SnapshotFilter, signal?: AbortSignal) => api.get<SnapshotSummary[]>('/snapshots', filter, signal),
  get: (id: number, signal?: AbortSignal) => api.get<Snapshot>(`/snapshots/${id}`, undefined, signal),
  diff: (id: number, change: DiffChange, after: string | null, signal?: AbortSignal) =>
    api.get<DiffPage>(`/snapshots/${id}/diff`, { change, after, limit: 50 }, signal),
  release: (id: number) => api.post<Snapshot>(`/snapshots/${id}/release`),
  discard: (id: number, reason: string) => api.post<Snapshot>(`/snapshots/${id}/discard`, reason ? { reason } : {}),
  /** Sends a whole snapshot file; answers once it is applied, held or (dry run) reported. */
  upload: (source: string, file: Blob, format: 'csv' | 'jsonl', options: Omit<UploadOptions, 'format'>) =>
    api.upload<Snapshot>(
      `/sources/${encodeURIComponent(source)}/snapshots`,
      { dryRun: options.dryRun || undefined, force: options.force || undefined },
      file,
      SNAPSHOT_TYPES[format],
    ),
};
