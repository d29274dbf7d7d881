/**
 * Ranked status as the API returns it: the server's own route schemas
 * (src/status/status-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
export type { PersonStatuses, StatusEntry, StatusType } from '../../../src/status/status-schemas.ts';
