/**
 * SCIM writes (C9, issue 15): the role `scim-writer` lets an account's API tokens read and write people and groups
 * through /scim/v2 (`scim:read`, `scim:write`). Like `scim` it may name an org unit: the subtree it sees, and the
 * unit the people it creates are affiliated with unless the request names another one inside it.
 */
export const statements = [
  `alter table user_roles drop constraint user_roles_role_check`,
  `alter table user_roles add constraint user_roles_role_check check (role in ('sysadmin', 'orgadmin', 'auditor', 'office', 'scim', 'scim-writer'))`,
  `alter table user_roles drop constraint user_roles_scope_check`,
  `alter table user_roles add constraint user_roles_scope_check check ((role in ('scim', 'scim-writer') or (role = 'orgadmin') = (org_id is not null)) and ((role = 'office') = (office is not null)))`,
];
