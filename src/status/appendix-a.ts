import type { StatusTypeDefinition } from './status-types.ts';
import { appendixAAssociates } from './appendix-a-associates.ts';
import { appendixAMembers } from './appendix-a-members.ts';

/**
 * The seed's Appendix A ("Selected People_Status_Types") as status types for the demo,
 * with the appendix's ranks and ID-card labels and descriptions in our own words. The
 * seed joined each type to a table with positional keys; here each is a match on the
 * sources of record the demo registers (appendix-a-matches.ts says how).
 *
 * Categories group statuses that may hand over to each other (look-ahead bridges gaps
 * within a category): a job ending on 30 June and another starting on 1 July.
 */

/** Appendix A, in the appendix's order: what the demo institution loads as its status types. */
export const appendixA: readonly StatusTypeDefinition[] = [...appendixAMembers, ...appendixAAssociates];
