/**
 * SCIM (C9, issue 15): the role `scim` lets an account's API tokens read people and groups through /scim/v2
 * (`scim:read`). It may name an org unit: the token then sees only the people affiliated within that subtree.
 */
export const statements = [
  `alter table user_roles drop constraint user_roles_role_check`,
  `alter table user_roles add constraint user_roles_role_check check (role in ('sysadmin', 'orgadmin', 'auditor', 'office', 'scim'))`,
  `alter table user_roles drop constraint user_roles_scope_check`,
  `alter table user_roles add constraint user_roles_scope_check check ((role = 'scim' or (role = 'orgadmin') = (org_id is not null)) and ((role = 'office') = (office is not null)))`,
];
