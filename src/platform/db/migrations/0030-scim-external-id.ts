/**
 * A SCIM client's externalIds (issue 15). `externalId eq "…"` (how Okta, OneLogin and Entra ID find a user again)
 * reads the `external-id` attribute of the client's source records through an expression index. A Group's
 * externalId is kept per client (the source writing it): each client sees and filters by its own.
 */
export const statements = [
  `create index source_records_external_id on source_records (source, (record->'attributes'->>'external-id'))`,
  `create table scim_group_external_ids (
    group_id bigint not null references groups(id) on delete cascade,
    source text not null,
    external_id text not null,
    primary key (group_id, source)
  )`,
  `create index scim_group_external_ids_value on scim_group_external_ids (source, external_id)`,
];
