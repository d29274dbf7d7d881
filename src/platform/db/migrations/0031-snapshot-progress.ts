/**
 * A snapshot's progress (issue 19): the records applied so far (added, changed or removed), counted in each apply
 * batch's own transaction, so a snapshot being applied in the background, or one a kill interrupted, shows how far it
 * got.
 */
export const statements = [`alter table snapshots add column applied integer not null default 0`];
