/**
 * The object classes Steward's LDAP entries are made of (docs/ldap-schema/README.md):
 * `stewardADUser`, `eduPerson` and `stewardGroup` come from the LDIF files there.
 */
export const ouObjectClasses = ['organizationalUnit'];
export const personObjectClasses = ['inetOrgPerson', 'stewardADUser', 'eduPerson'];
/** A group that may have no members; `groupOfNames` would refuse the last member's removal. */
export const groupObjectClasses = ['stewardGroup'];

/** userAccountControl values: a normal account, enabled or disabled (ACCOUNTDISABLE, 0x2). */
export const accountEnabled = '512';
export const accountDisabled = '514';
