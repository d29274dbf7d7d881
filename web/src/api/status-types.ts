/**
 * Ranked status as the API returns it: the server's own route schemas
 * (src/status/status-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
import type { Static } from 'typebox';
import type { PersonStatuses as PersonStatusesSchema, StatusEntry as StatusEntrySchema } from '../../../src/status/status-schemas.ts';

export type PersonStatuses = Static<typeof PersonStatusesSchema>;
export type StatusEntry = Static<typeof StatusEntrySchema>;
