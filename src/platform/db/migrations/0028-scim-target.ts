/**
 * SCIM provisioning targets (C9, issue 15): a target may be of kind `scim`, an application Steward provisions
 * people and groups into over SCIM 2.0 (src/provision/scim/).
 */
export const statements = [
  `alter table provision_targets drop constraint provision_targets_kind_check`,
  `alter table provision_targets add constraint provision_targets_kind_check check (kind in ('ldap', 'webhook', 'scim'))`,
];
