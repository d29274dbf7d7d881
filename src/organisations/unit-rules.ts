/**
 * Shapes every org unit must have, wherever it comes from (API, CLI, CSV import). Pure.
 */

/** Unit codes are the key other systems use: short, and safe in URLs, file names and CSV. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Kind keys are configuration identifiers. */
export const KIND_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

export const NAME_MAX = 200;
