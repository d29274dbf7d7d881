/**
 * Source snapshots as the API returns them: the server's own route schemas
 * (src/sources/snapshot-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
import type { Static } from 'typebox';
import type {
  DiffChangeSchema,
  DiffEntry as DiffEntrySchema,
  SnapshotStateSchema,
  SourceRecord as SourceRecordSchema,
  UploadQuery as UploadQuerySchema,
} from '../../../src/sources/snapshot-schemas.ts';

export type {
  DiffPage,
  Snapshot,
  SnapshotsQuery as SnapshotFilter,
  SnapshotSummary,
} from '../../../src/sources/snapshot-schemas.ts';
export type SnapshotState = Static<typeof SnapshotStateSchema>;
export type DiffChange = Static<typeof DiffChangeSchema>;
export type DiffEntry = Static<typeof DiffEntrySchema>;
export type SourceRecord = Static<typeof SourceRecordSchema>;
/** How an upload is sent: format (else from the file's type), dry run, force. */
export type UploadOptions = Static<typeof UploadQuerySchema>;
