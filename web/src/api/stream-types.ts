/**
 * Auxiliary status streams as the API returns them: the server's own route schemas
 * (src/status/stream-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
export type { Stream, StreamField, StreamValues } from '../../../src/status/stream-schemas.ts';
export type { FieldValue } from '../../../src/status/stream-fields.ts';
