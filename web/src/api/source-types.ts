/**
 * Systems of record as the API returns them: the server's own route schemas
 * (src/sources/source-schemas.ts), imported as types only, so no server code reaches the bundle.
 */
import type { Static } from 'typebox';
import type { NewSourceBody, SourceBody } from '../../../src/sources/source-schemas.ts';

export type { Source } from '../../../src/sources/source-schemas.ts';

/** What registering a source sends. */
export type NewSource = Static<typeof NewSourceBody>;
/** What an edit sends: every setting but the (permanent) name. */
export type SourceSettings = Static<typeof SourceBody>;
